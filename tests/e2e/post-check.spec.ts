/**
 * Learning evidence, walked in Chromium: two students (a laptop and a phone) predict a 6-layer
 * sigmoid network, train it, see their prediction scored, then make the post-check: one try at a
 * network they have not trained (30 layers of ReLU + He with batch norm). The teacher's report
 * shows each student's pre and post and the class's normalized gain, which the test works out
 * again from the stored scores (the learning export).
 */
import type { Page } from "@playwright/test";
import { toolRequest } from "../support/lti-platform";
import { openChallenge, type Client } from "../support/sockets";
import { joinAs, LAPTOP, PHONE, teacherAt, trainAndSubmit } from "./classroom";
import { expect, test } from "./fixtures";

let teacherSocket: Client | undefined;
test.afterAll(() => teacherSocket?.disconnect());

async function predictAndTrain(page: Page, verdict: string, run: number) {
  await page.locator("section.prediction").first().getByRole("radio", { name: verdict }).check();
  await page.getByLabel(/Training steps/).fill("100");
  await trainAndSubmit(page, run);
}

async function postCheck(page: Page, verdict: string) {
  const panel = page.locator("section.post-check");
  await expect(
    panel.getByRole("heading", { name: /Post-check: a network you have not trained/ }),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expect(panel).toContainText("30 layers of 32, ReLU with He initialization");
  await panel.getByRole("radio", { name: verdict }).check();
  await panel.getByRole("button", { name: "Lock my post-check" }).click();
  await expect(panel.getByText(/Post-check score: \d+ of 100/)).toBeVisible({ timeout: 60_000 });
}

test("students make a post-check; the report shows the class's normalized gain", async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(420_000);
  const teacher = await teacherAt(browser, baseURL!, "evidence-teacher@school.test");
  teacherSocket = teacher.socket;
  const { joinCode, sessionId } = await openChallenge(teacher.socket, "Period 4: evidence", {
    title: "Sigmoid, then batch norm",
    spec: {
      dataset: "spiral",
      locked: { activation: "sigmoid", depth: 6, width: 16, init: "glorot-uniform" },
      ranges: { steps: { min: 20, max: 200 } },
      objective: { kind: "accuracy" },
      predict: true,
      postCheck: { transfer: "relu-he-bn-30" },
      prompt: "Predict a sigmoid network, train it, then predict one you have not trained.",
    },
  });

  const grace = await joinAs(browser, joinCode, "Grace", LAPTOP);
  const ada = await joinAs(browser, joinCode, "Ada", PHONE);

  await test.step("Grace predicts, trains and makes her post-check on a laptop", async () => {
    await expect(grace.locator("section.post-check")).toContainText(
      "After your first verified run",
    );
    await predictAndTrain(grace, "vanishing", 1);
    await postCheck(grace, "exploding");
    await expect(grace.locator("section.post-check")).toContainText("it was exploding");
    await grace
      .locator("section.post-check")
      .screenshot({ path: testInfo.outputPath("post-check-laptop.png") });
  });

  await test.step("Ada does the same on a phone; a refresh keeps her post-check", async () => {
    await predictAndTrain(ada, "healthy", 1);
    await postCheck(ada, "vanishing");
    await ada.reload();
    await expect(ada.locator("section.post-check").getByText(/Post-check score/)).toBeVisible();
    await expect(ada.getByRole("button", { name: "Lock my post-check" })).toHaveCount(0);
  });

  await test.step("the report's gain is the stored scores' gain", async () => {
    const page = await teacher.context.newPage();
    await page.goto(`/teacher/session/${sessionId}/report`);
    const evidence = page.locator("section.evidence");
    await expect(evidence.getByRole("heading", { name: "What the class learned" })).toBeVisible();
    const shown = await evidence.locator(".gain-headline strong").textContent();
    const cookie = (await teacher.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const res = await toolRequest(`${baseURL}/api/sessions/${sessionId}/learning.json`, {
      headers: { cookie },
    });
    const rows = JSON.parse(res.body) as { pre: number; post: number; nickname: string }[];
    expect(rows.map((r) => r.nickname).sort()).toEqual(["Ada", "Grace"]);
    const pre = (rows[0]!.pre + rows[1]!.pre) / 2;
    const post = (rows[0]!.post + rows[1]!.post) / 2;
    // The export rounds each score to 0.1 point: the page's two decimals agree within that.
    const g = (post - pre) / (100 - pre);
    expect(Number(shown!.replace("g = ", ""))).toBeCloseTo(g, 1);
    await expect(evidence.getByRole("row", { name: /Grace/ })).toContainText(
      "vanishing / vanishing",
    );
    await expect(evidence.getByRole("row", { name: /Ada/ })).toContainText("vanishing / exploding");
    await page.screenshot({ path: testInfo.outputPath("report-evidence.png"), fullPage: true });
  });
});
