/**
 * A page whose connection the class server refuses says so and offers a reload, instead of
 * "Connecting…" forever: here a page opened under a name that is not one of the server's own
 * (elsewhere.test reaches it over loopback, but the app does not know the name).
 */
import { joinAs, PHONE, teacherAt } from "./classroom";
import { expect, test } from "./fixtures";
import { ok, openChallenge } from "../support/sockets";

test("a refused connection is said, not left connecting", async ({ browser }) => {
  const port = new URL(test.info().project.use.baseURL!).port;
  const page = await (await browser.newContext()).newPage();
  await page.goto(`http://elsewhere.test:${port}/class/some-session`);
  await expect(page.getByText(/The class server refused this page/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Reload" })).toBeVisible();
});

test("a run submitted during a Wi-Fi drop is sent once the connection is back, once", async ({
  browser,
  baseURL,
}) => {
  const teacher = await teacherAt(browser, baseURL!, "wifi@school.test");
  try {
    const { joinCode, sessionId } = await openChallenge(teacher.socket, "Flaky Wi-Fi", {
      title: "Any network",
      spec: {
        dataset: "spiral",
        ranges: { steps: { min: 10, max: 100 } },
        objective: { kind: "accuracy" },
        prompt: "Train and submit.",
      },
    });
    const student = await joinAs(browser, joinCode, "Ada", PHONE);
    await student.getByLabel(/Training steps/).fill("30");
    await student.getByRole("button", { name: "Train", exact: true }).click();
    await expect(student.getByText(/Training finished/)).toBeVisible({ timeout: 120_000 });

    await test.step("offline: Submit waits, and says so", async () => {
      await student.context().setOffline(true);
      await student.getByRole("button", { name: "Submit run", exact: true }).click();
      await student.waitForTimeout(4_000);
      const state = await ok(teacher.socket, "session:watch", { sessionId });
      expect(state.runs).toHaveLength(0);
    });

    await test.step("online again: the run arrives once and is verified", async () => {
      await student.context().setOffline(false);
      await expect(student.getByText(/Verified: [\d.]+% on the hidden test set/)).toBeVisible({
        timeout: 60_000,
      });
      await expect(student.getByText("Submissions: 1 of 10")).toBeVisible();
      const state = await ok(teacher.socket, "session:watch", { sessionId });
      expect(state.runs).toHaveLength(1);
      // No error was shown on the way ("The class server did not answer", "join a session first").
      await expect(student.locator("p.error")).toHaveCount(0);
    });
  } finally {
    teacher.socket.disconnect();
  }
});
