/**
 * A student joins by code in a real browser, trains in the worker for real (on the backend a short measurement found fastest), submits, and
 * sees the server's verified score and the leaderboard. (The teacher acts through a socket until the
 * teacher pages exist.)
 */
import { expect, test } from "./fixtures";
import type { ChallengeSpecInput } from "../../lib/challenges/spec";
import { client, ok, openChallenge, signUpTeacher, type Client } from "../support/sockets";

const SPEC: ChallengeSpecInput = {
  dataset: "spiral",
  locked: { depth: 3, width: 16, activation: "tanh" },
  ranges: { steps: { min: 50, max: 5000 } },
  objective: { kind: "accuracy" },
  prompt: "Three tanh layers of 16 units: learn the spiral.",
};

let teacher: Client;

test.afterAll(() => teacher?.disconnect());

test("a student joins, trains in the worker, submits and sees the verified score", async ({
  page,
  baseURL,
}) => {
  const { joinCode, challengeId } =
    await test.step("the teacher opens a class with a challenge", async () => {
      teacher = await client(baseURL!, {
        cookie: await signUpTeacher(baseURL!, "lab-teacher@school.test", { origin: baseURL! }),
      });
      return openChallenge(teacher, "Deep nets, period 4", { title: "Tanh spiral", spec: SPEC });
    });

  await test.step("the student joins with the code", async () => {
    await page.goto("/");
    await page.getByLabel("Join code").fill(joinCode.toLowerCase());
    await page.getByLabel("Nickname").fill("Ada");
    await page.getByRole("button", { name: "Join the class" }).click();
    await expect(page.getByRole("heading", { name: "Deep nets, period 4" })).toBeVisible();
    await expect(page.getByText("You are Ada")).toBeVisible();
  });

  await test.step("the lab shows the challenge's locks", async () => {
    await expect(page.getByLabel(/Hidden layers/)).toBeDisabled();
    await expect(page.getByLabel(/Hidden layers/)).toHaveValue("3");
    await expect(page.getByLabel(/Activation/)).toBeDisabled();
    await page.getByLabel(/Training steps/).fill("3000");
    await page.getByLabel(/Learning rate/).fill("0.03");
  });

  await test.step("training runs in the worker on a measured backend", async () => {
    // While the student chooses, the worker measures the backends on this config and compiles it.
    const backend = page.locator(".backend");
    await expect(backend).toContainText(/· ready/, { timeout: 60_000 });
    await expect(backend).toHaveAttribute("title", /Measured steps per second: \w+ \d+/);
    await page.getByRole("button", { name: "Train" }).click();
    await expect(page.getByText(/Backend: (webgpu|webgl|wasm)/)).toBeVisible();
    // Paused at once: the lab trains this network at about 270 steps/s on WASM here, so even
    // 3,000 steps would finish between two polls of a mid-run check.
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
    await expect(
      page.getByText(/Step ([1-9]|[1-9][0-9]{1,2}|[12],?[0-9]{3}) of 3,000/),
    ).toBeVisible();
    await page.screenshot({ path: "test-results/screens/lab-mid-training.png", fullPage: true });
    await page.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByText(/Training finished: train accuracy/)).toBeVisible({
      timeout: 180_000,
    });
    const accuracy = Number(
      /([\d.]+)%/.exec((await page.getByText(/Training finished/).textContent())!)![1],
    );
    expect(accuracy).toBeGreaterThan(60);
    await expect(page.getByRole("img", { name: /Gradient norms of 3 layers/ })).toBeVisible();
  });

  await test.step("the student submits and sees the verified score and their rank", async () => {
    await page.getByRole("button", { name: "Submit run", exact: true }).click();
    await expect(page.getByText(/Verified: [\d.]+% on the hidden test set/)).toBeVisible();
    await expect(
      page.getByRole("complementary").getByRole("listitem").filter({ hasText: "Ada" }),
    ).toBeVisible();
    await page.screenshot({ path: "test-results/screens/lab-verified.png", fullPage: true });
    const board = await ok(teacher, "leaderboard:get", { challengeId });
    expect(board.entries.map((e) => e.nickname)).toEqual(["Ada"]);
  });
});
