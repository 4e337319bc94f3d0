/**
 * The batch-norm rescue in the browser tells one story: the accuracy curve, the final train
 * accuracy and the verified score agree; the verified line says the explosion at initialization was
 * expected and settled; the teacher gets no alert for the lesson's own answer.
 */
import { alertsOf } from "../../lib/challenges/alerts";
import { client, ok, signUpTeacher, type Client } from "../support/sockets";
import { expect, test } from "./fixtures";

let teacher: Client;
test.afterAll(() => teacher?.disconnect());

test("the rescue challenge's intended solution: one story from curve to score, no alert", async ({
  page,
  baseURL,
}) => {
  const { joinCode, sessionId } =
    await test.step("a teacher posts the rescue challenge", async () => {
      teacher = await client(baseURL!, {
        cookie: await signUpTeacher(baseURL!, "rescue@school.test", { origin: baseURL! }),
      });
      const session = await ok(teacher, "session:create", { title: "Batch norm" });
      const challenge = await ok(teacher, "challenge:post", {
        sessionId: session.id,
        templateKey: "bn-rescue",
      });
      await ok(teacher, "challenge:transition", { challengeId: challenge.id, action: "open" });
      return { joinCode: session.joinCode!, sessionId: session.id };
    });

  await test.step("a student trains the intended solution: BN before, Adam 0.01, 500 steps", async () => {
    await page.goto(`/join/${joinCode}`);
    await page.getByLabel("Nickname").fill("Rescuer");
    await page.getByRole("button", { name: "Join the class" }).click();
    await page.getByLabel(/Batch norm/).selectOption("before");
    await page.getByLabel(/Optimizer/).selectOption("adam");
    await page.getByLabel(/Learning rate/).fill("0.01");
    await page.getByLabel(/Training steps/).fill("500");
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await expect(page.getByText(/Training finished: train accuracy/)).toBeVisible({
      timeout: 240_000,
    });
    const text = (await page.getByText(/Training finished: train accuracy/).textContent())!;
    expect(Number(/([\d.]+)%/.exec(text)![1])).toBeGreaterThan(80);
  });

  await test.step("the verified line: expected at init, healthy after training", async () => {
    await page.getByRole("button", { name: "Submit run", exact: true }).click();
    const line = page.getByText(/Run 1: Verified/);
    await expect(line).toBeVisible({ timeout: 60_000 });
    await expect(line).toContainText("as expected with batch norm");
    await expect(line).toContainText("After training: healthy");
    await page.screenshot({ path: "test-results/screens/bn-rescue.png", fullPage: true });
    const state = await ok(teacher, "session:watch", { sessionId });
    const [run] = state.runs;
    expect(run?.status).toBe("verified");
    expect(alertsOf(run!)).toEqual([]);
  });
});
