/**
 * The projector follows the teacher: it opens on the challenge the dashboard has in focus, not on
 * the last one posted, and switches when the teacher picks another on the dashboard.
 */
import { expect, test } from "./fixtures";
import { teacherAt } from "./classroom";
import { ok, openChallenge } from "../support/sockets";

const SPEC = {
  dataset: "spiral" as const,
  objective: { kind: "accuracy" as const },
  prompt: "Train and submit.",
};

test("the projector shows the challenge the dashboard has in focus", async ({
  browser,
  baseURL,
}) => {
  const teacher = await teacherAt(browser, baseURL!, "focus@school.test");
  try {
    const { sessionId } = await openChallenge(teacher.socket, "Focus", {
      title: "First challenge",
      spec: SPEC,
    });
    const second = await ok(teacher.socket, "challenge:post", {
      sessionId,
      title: "Second challenge",
      spec: SPEC,
    });
    await ok(teacher.socket, "challenge:transition", { challengeId: second.id, action: "open" });
    const dashboard = await teacher.context.newPage();
    await dashboard.goto(`/teacher/session/${sessionId}`);
    await dashboard.getByRole("button", { name: "First challenge" }).click();
    const projector = await teacher.context.newPage();
    await projector.goto(`/teacher/session/${sessionId}/present`);
    const tabs = projector.getByRole("navigation", { name: "Challenges" });
    await expect(tabs.getByRole("button", { name: "First challenge" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await dashboard.getByRole("button", { name: "Second challenge" }).click();
    await expect(tabs.getByRole("button", { name: "Second challenge" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  } finally {
    teacher.socket.disconnect();
  }
});
