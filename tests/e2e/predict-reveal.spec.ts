/**
 * Predict, observe, explain: two students (a phone and a laptop) sketch the gradient profile they
 * expect, one by dragging, one with the keyboard; the projector shows the class's predictions
 * before anyone trains; training locks a prediction (a refresh keeps it), the verified run scores it
 * and the lab overlays the measured profile; the teacher's reveal puts the measured profiles over
 * the class's sketches and ranks the predictions.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { joinAs, LAPTOP, PHONE, teacherAt, trainAndSubmit } from "./classroom";
import { ok, openChallenge, type Client } from "../support/sockets";

let teacherSocket: Client | undefined;
test.afterAll(() => teacherSocket?.disconnect());

const SKETCH = "Sketch of the expected gradient per layer, relative to the last layer";

async function predict(page: Page, verdict: string, accuracy: string) {
  await page.getByRole("radio", { name: verdict }).check();
  await page.getByLabel("Expected test accuracy (%)").fill(accuracy);
  await page.getByRole("button", { name: "Save prediction" }).click();
  await expect(page.getByText("Saved: your teacher sees it. Train to lock it.")).toBeVisible();
}

test("students predict, train, see their prediction scored; the teacher reveals the class's", async ({
  browser,
  baseURL,
}) => {
  const teacher = await teacherAt(browser, baseURL!, "predict-teacher@school.test");
  teacherSocket = teacher.socket;
  const { joinCode, sessionId } = await test.step("the teacher posts a prediction challenge", () =>
    openChallenge(teacher.socket, "Period 3: predict first", {
      title: "Deep sigmoid: predict, then train",
      spec: {
        dataset: "spiral",
        locked: { activation: "sigmoid", depth: 12, width: 16, init: "normal", sigma: 1 },
        ranges: { steps: { min: 20, max: 200 } },
        objective: { kind: "accuracy" },
        predict: true,
        prompt: "Sketch the gradient you expect in each layer before you train.",
      },
    }));
  const projector = await teacher.context.newPage();
  await projector.goto(`/teacher/session/${sessionId}/present`);

  const phone = await joinAs(browser, joinCode, "Ada", PHONE);
  const laptop = await joinAs(browser, joinCode, "Grace", LAPTOP);

  await test.step("on the phone, a drag sketches a profile falling toward the input", async () => {
    await expect(phone.getByRole("button", { name: "Train", exact: true })).toBeDisabled();
    await expect(phone.getByText("Make your prediction first: Train locks it.")).toBeVisible();
    const sketch = phone.getByRole("slider", { name: SKETCH });
    await sketch.scrollIntoViewIfNeeded();
    const box = (await sketch.boundingBox())!;
    // From the input side far below the last layer, up to it.
    await phone.mouse.move(box.x + box.width * 0.11, box.y + box.height * 0.8);
    await phone.mouse.down();
    for (let i = 1; i <= 10; i++)
      await phone.mouse.move(
        box.x + box.width * (0.11 + 0.087 * i),
        box.y + box.height * (0.8 - 0.035 * i),
      );
    await phone.mouse.up();
    await predict(phone, "vanishing", "40");
    await phone.screenshot({
      path: "test-results/screens/prediction-sketch-phone.png",
      fullPage: true,
    });
  });

  await test.step("on the laptop, the keyboard sketches a level profile but for one layer", async () => {
    const sketch = laptop.getByRole("slider", { name: SKETCH });
    await sketch.focus();
    await laptop.keyboard.press("Home");
    await laptop.keyboard.press("Shift+ArrowUp");
    // The sketch starts at layer 2, where the measure starts (layer 1 takes the 2 inputs).
    await expect(sketch).toHaveAttribute("aria-valuetext", /layer 2 of 12: 10\^\+2\.0/);
    await predict(laptop, "healthy", "90");
    await laptop.screenshot({
      path: "test-results/screens/prediction-sketch-desktop.png",
      fullPage: true,
    });
  });

  await test.step("the projector shows the class's predictions before the reveal", async () => {
    const panel = projector.getByRole("region", { name: /The class's predictions/ });
    await expect(panel.getByText("2 so far")).toBeVisible();
    await expect(panel.getByRole("listitem").filter({ hasText: "expect vanishing" })).toContainText(
      "1",
    );
    await expect(panel.getByRole("listitem").filter({ hasText: "expect healthy" })).toContainText(
      "1",
    );
    await expect(
      panel.getByRole("img", { name: "The class's 2 sketches and their median" }),
    ).toBeVisible();
  });

  await test.step("training locks the prediction; a refresh keeps it; the run scores it", async () => {
    for (const page of [phone, laptop]) {
      await page.getByLabel(/Training steps/).fill("60");
      await trainAndSubmit(page, 1);
    }
    await phone.reload();
    await expect(phone.getByText("You are Ada")).toBeVisible();
    const locked = phone.getByRole("region", { name: "Your prediction locked" });
    await expect(locked).toBeVisible();
    await expect(phone.getByRole("slider", { name: SKETCH })).toHaveCount(0);
    for (const page of [phone, laptop]) {
      await expect(page.getByText(/Prediction score: \d+ of 100/)).toBeVisible({ timeout: 60_000 });
      await expect(
        page.getByRole("img", { name: /Your sketch and the measured gradient per layer/ }),
      ).toBeVisible();
    }
    // The sigmoid network's gradient vanishes: Ada's verdict was right, Grace's was not.
    await expect(
      phone.getByText(/you said vanishing, it was vanishing \(25 of 25\)/),
    ).toBeVisible();
    await expect(laptop.getByText(/you said healthy, it was vanishing \(0 of 25\)/)).toBeVisible();
    await phone.screenshot({
      path: "test-results/screens/prediction-scored-phone.png",
      fullPage: true,
    });
  });

  await test.step("the teacher reveals: measured profiles over the sketches, predictions ranked", async () => {
    const panel = projector.getByRole("region", { name: /The class's predictions/ });
    await projector.screenshot({ path: "test-results/screens/projector-predictions.png" });
    await panel.getByRole("button", { name: "Reveal the measured profiles" }).click();
    await expect(panel.getByText("revealed")).toBeVisible();
    await expect(
      panel.getByRole("img", { name: "The class's median sketch and 2 measured profiles" }),
    ).toBeVisible();
    const board = panel.getByRole("list", { name: "Best predictions" });
    await expect(board.getByRole("listitem")).toHaveCount(2);
    await expect(board.getByRole("listitem").first()).toContainText("Ada");
    await projector.screenshot({ path: "test-results/screens/projector-reveal.png" });
    const state = await ok(teacher.socket, "session:watch", { sessionId });
    expect(state.predictions.every((p) => p.locked && p.score !== null)).toBe(true);
    expect(state.challenges[0]!.revealed).toBe(true);
  });

  await test.step("after the reveal a newcomer is not asked to predict, and trains at once", async () => {
    const late = await joinAs(browser, joinCode, "Hedy", LAPTOP);
    await expect(late.getByRole("region", { name: /Predictions are closed/ })).toBeVisible();
    await expect(late.getByRole("slider", { name: SKETCH })).toHaveCount(0);
    await expect(late.getByText("Make your prediction first: Train locks it.")).toHaveCount(0);
    await late.getByLabel(/Training steps/).fill("40");
    await trainAndSubmit(late, 1);
    const state = await ok(teacher.socket, "session:watch", { sessionId });
    expect(state.predictions).toHaveLength(2);
  });
});
