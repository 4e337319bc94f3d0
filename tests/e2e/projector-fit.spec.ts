/**
 * The projector fits its screen: at 1280 x 720 and 1920 x 1080 the presentation of a prediction
 * challenge, a sweep and an ordinary challenge shows everything without scrolling, the sweep's
 * "n of N runs verified" and the reveal button in view.
 */
import { expect, test } from "./fixtures";
import { teacherAt } from "./classroom";
import { client, ok } from "../support/sockets";

test("the projector fits 1280 x 720 and 1920 x 1080 without scrolling", async ({
  browser,
  baseURL,
}) => {
  const teacher = await teacherAt(browser, baseURL!, "fit@school.test");
  const students = [];
  try {
    const session = await ok(teacher.socket, "session:create", {
      title: "Period 4: deep networks",
    });
    const ids: Record<string, string> = {};
    for (const key of ["predict-sigmoid", "sweep-bn-factor", "fewest-steps"]) {
      const c = await ok(teacher.socket, "challenge:post", {
        sessionId: session.id,
        templateKey: key,
      });
      await ok(teacher.socket, "challenge:transition", { challengeId: c.id, action: "open" });
      ids[key] = c.id;
    }
    for (const [i, nickname] of ["Ada", "Grace", "Alan"].entries()) {
      const s = await client(baseURL!, { origin: baseURL! });
      students.push(s);
      await ok(s, "participant:join", { joinCode: session.joinCode!, nickname });
      await ok(s, "prediction:save", {
        challengeId: ids["predict-sigmoid"]!,
        curve: Array.from({ length: 11 }, (_, k) => -Math.min(6, ((i + 1) * (10 - k)) / 3)),
        verdict: i ? "vanishing" : "healthy",
        accuracy: 0.4 + 0.1 * i,
      });
    }
    const page = await teacher.context.newPage();
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [key, inView] of [
        ["predict-sigmoid", page.getByRole("button", { name: "Reveal the measured profiles" })],
        ["sweep-bn-factor", page.getByText(/0 of 60 runs verified/)],
        ["fewest-steps", page.getByRole("list", { name: "Top ten" })],
      ] as const) {
        await page.goto(`/teacher/session/${session.id}`);
        await page.getByRole("button", { name: new RegExp(`^${titleOf(key)}`) }).click();
        await page.goto(`/teacher/session/${session.id}/present`);
        await expect(inView).toBeInViewport();
        const [scrollHeight, scrollWidth] = await page.evaluate(() => [
          document.documentElement.scrollHeight,
          document.documentElement.scrollWidth,
        ]);
        expect(scrollHeight, `${key} at ${width}x${height}`).toBeLessThanOrEqual(height);
        expect(scrollWidth, `${key} at ${width}x${height}`).toBeLessThanOrEqual(width);
        await page.screenshot({ path: `test-results/screens/projector-${key}-${width}.png` });
      }
    }
  } finally {
    teacher.socket.disconnect();
    for (const s of students) s.disconnect();
  }
});

function titleOf(key: string): string {
  return {
    "predict-sigmoid": "Predict, then train",
    "sweep-bn-factor": "The class measures it",
    "fewest-steps": "Reach 90%",
  }[key]!;
}
