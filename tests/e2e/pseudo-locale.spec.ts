/**
 * The pseudo-locale (every catalog text accented and 40% longer, tests/unit/i18n) on phone, laptop
 * and projector viewports: the home page, the teacher's home, the dashboard, the projector, the
 * report and a student's lab show no text clipped, cut by an ellipsis, running off the page or lying
 * over other text. Screenshots land in test-results/screens/pseudo-*.png, where any plain English
 * left is text that did not come from a catalog.
 */
import type { BrowserContext, Page } from "@playwright/test";
import { PSEUDO_LOCALE } from "../../lib/i18n/locales";
import { pseudoMessage } from "../../lib/i18n/pseudo";
import { ok, type Client } from "../support/sockets";
import { LAPTOP, PHONE, teacherAt } from "./classroom";
import { expect, test } from "./fixtures";
import { layoutProblems, type LayoutProblem } from "./layout";
import { say } from "./words";

const VIEWPORTS = {
  phone: PHONE,
  laptop: LAPTOP,
  projector: { width: 1280, height: 720 },
} as const;

const pseudo = (key: string) => pseudoMessage(say("en", key));

let teacherSocket: Client | undefined;
test.afterAll(() => teacherSocket?.disconnect());

async function choosePseudo(context: BrowserContext, baseURL: string) {
  await context.addCookies([{ name: "vp_locale", value: PSEUDO_LOCALE, url: baseURL }]);
}

test("no text is clipped or overlaps when every text runs 40% longer", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const teacher = await teacherAt(browser, baseURL!, "pseudo@school.test");
  teacherSocket = teacher.socket;
  await choosePseudo(teacher.context, baseURL!);
  const session = await ok(teacher.socket, "session:create", { title: "Period 2" });
  for (const templateKey of ["vanishing-sigmoid", "predict-sigmoid"]) {
    const c = await ok(teacher.socket, "challenge:post", { sessionId: session.id, templateKey });
    await ok(teacher.socket, "challenge:transition", { challengeId: c.id, action: "open" });
  }

  const student = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  await choosePseudo(student, baseURL!);
  const lab = await student.newPage();
  await lab.goto(`/join/${session.joinCode}`);
  await expect(lab.locator("html")).toHaveAttribute("lang", PSEUDO_LOCALE);
  await lab.getByLabel(pseudo("join.nickname")).fill("Ada");
  await lab.getByRole("button", { name: pseudo("join.submit") }).click();
  await expect(lab.locator("main")).toContainText("Ada");
  const classUrl = lab.url();

  const teacherPage = await teacher.context.newPage();
  const pages: [string, Page, string][] = [
    ["home", lab, "/"],
    ["lab", lab, classUrl],
    ["teacher-home", teacherPage, "/teacher"],
    ["dashboard", teacherPage, `/teacher/session/${session.id}`],
    ["projector", teacherPage, `/teacher/session/${session.id}/present`],
    ["report", teacherPage, `/teacher/session/${session.id}/report`],
  ];
  const found: Record<string, LayoutProblem[]> = {};
  for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
    for (const [name, page, url] of pages) {
      await page.setViewportSize(viewport);
      await page.goto(url);
      await expect(page.locator("main").first()).toBeVisible();
      // Let data arrive and charts lay out.
      await page.waitForLoadState("networkidle").catch(() => undefined);
      await page.waitForTimeout(1_000);
      await page.screenshot({
        path: `test-results/screens/pseudo-${name}-${viewportName}.png`,
        fullPage: true,
      });
      const problems = await layoutProblems(page);
      if (problems.length > 0) found[`${name} at ${viewportName}`] = problems;
    }
  }
  await student.close();
  expect(found).toEqual({});
});
