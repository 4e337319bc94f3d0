/**
 * A class period in three languages: a Spanish-speaking teacher posts a built-in challenge; a
 * German student on a laptop and an Arabic student on a phone join from the projected link, read
 * the lesson in their own language, train, submit and land on the board; the teacher's dashboard,
 * projector and report follow the teacher's Spanish. Each page has the right `<html lang dir>`, no
 * text clipped, overlapping or running off the page, and a screenshot in test-results/screens/.
 */
import type { Browser, Page } from "@playwright/test";
import type { Locale } from "../../lib/i18n/locales";
import { ok, type Client } from "../support/sockets";
import { LAPTOP, PHONE, teacherAt } from "./classroom";
import { expect, test } from "./fixtures";
import { layoutProblems } from "./layout";
import { say, sayPattern } from "./words";

const TEMPLATE = "vanishing-sigmoid";
const escape = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

let teacherSocket: Client | undefined;
test.afterAll(() => teacherSocket?.disconnect());

async function looked(page: Page, name: string, lang: string, dir: "ltr" | "rtl") {
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  await expect(page.locator("html")).toHaveAttribute("dir", dir);
  await page.screenshot({ path: `test-results/screens/languages-${name}.png`, fullPage: true });
  expect.soft(await layoutProblems(page), name).toEqual([]);
}

async function studentJoins(
  browser: Browser,
  joinCode: string,
  nickname: string,
  locale: Locale,
  browserLocale: string,
  viewport: typeof LAPTOP,
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: browserLocale,
    ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  await page.goto(`/join/${joinCode}`);
  await page.getByLabel(say(locale, "join.nickname")).fill(nickname);
  await page.getByRole("button", { name: say(locale, "join.submit") }).click();
  await expect(page.getByText(sayPattern(locale, "classPage.youAre"))).toBeVisible();
  return page;
}

async function trainAndSubmit(page: Page, locale: Locale) {
  await page.getByLabel(escape(say(locale, "configForm.numbers.steps"))).fill("100");
  await page.getByRole("button", { name: say(locale, "lab.train"), exact: true }).click();
  const done = new RegExp(
    `${sayPattern(locale, "lab.finished").source}|${sayPattern(locale, "lab.diverged").source}`,
  );
  await expect(page.getByText(done)).toBeVisible({ timeout: 180_000 });
  await page.getByRole("button", { name: say(locale, "lab.submitRun"), exact: true }).click();
  const verified = sayPattern(locale, "lab.verifiedRun", {
    line: sayPattern(locale, "runs.line.verified"),
  });
  await expect(page.getByText(verified).first()).toBeVisible({ timeout: 90_000 });
}

test("a Spanish teacher, a German laptop and an Arabic phone share one class period", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(480_000);
  const teacher = await teacherAt(browser, baseURL!, "profesora@escuela.test", "es-ES");
  teacherSocket = teacher.socket;
  const session = await ok(teacher.socket, "session:create", { title: "Redes profundas, 3.º B" });
  const challenge = await ok(teacher.socket, "challenge:post", {
    sessionId: session.id,
    templateKey: TEMPLATE,
  });
  await ok(teacher.socket, "challenge:transition", { challengeId: challenge.id, action: "open" });
  const dashboard = await teacher.context.newPage();
  await dashboard.setViewportSize({ width: 1280, height: 720 });

  await test.step("the teacher's dashboard is in Spanish", async () => {
    await dashboard.goto(`/teacher/session/${session.id}`);
    await expect(
      dashboard.getByText(say("es", `curriculum.${TEMPLATE}.title`)).first(),
    ).toBeVisible();
    await looked(dashboard, "dashboard-es", "es", "ltr");
  });

  const lena = await studentJoins(browser, session.joinCode!, "Lena", "de", "de-DE", LAPTOP);
  const omar = await studentJoins(browser, session.joinCode!, "Omar", "ar", "ar-EG", PHONE);

  await test.step("each student reads the lesson in their own language", async () => {
    await expect(lena.getByText(say("de", `curriculum.${TEMPLATE}.title`)).first()).toBeVisible();
    await expect(lena.getByText(sayPattern("de", `curriculum.${TEMPLATE}.prompt`))).toBeVisible();
    await looked(lena, "lab-de-laptop", "de", "ltr");
    await expect(omar.getByText(say("ar", `curriculum.${TEMPLATE}.title`)).first()).toBeVisible();
    await looked(omar, "lab-ar-phone", "ar", "rtl");
  });

  await test.step("both train, submit and are verified", async () => {
    await trainAndSubmit(lena, "de");
    await trainAndSubmit(omar, "ar");
    await looked(lena, "lab-de-laptop-verified", "de", "ltr");
    await looked(omar, "lab-ar-phone-verified", "ar", "rtl");
  });

  await test.step("the dashboard, projector and report show both, in Spanish", async () => {
    const board = dashboard.locator(".board").first();
    await expect(board).toContainText("Lena");
    await expect(board).toContainText("Omar");
    await looked(dashboard, "dashboard-es-board", "es", "ltr");
    await dashboard.goto(`/teacher/session/${session.id}/present`);
    await expect(dashboard.getByText("Lena").first()).toBeVisible();
    await looked(dashboard, "projector-es", "es", "ltr");
    await dashboard.setViewportSize({ width: 1280, height: 800 });
    await dashboard.goto(`/teacher/session/${session.id}/report`);
    await expect(dashboard.getByText("Omar").first()).toBeVisible();
    await looked(dashboard, "report-es", "es", "ltr");
  });

  await test.step("the same pages in Arabic and German, on a phone and a projector", async () => {
    for (const locale of ["ar", "de", "es"] as const) {
      // The teacher's language menu keeps the choice in this cookie.
      await teacher.context.addCookies([{ name: "vp_locale", value: locale, url: baseURL! }]);
      for (const [viewport, size] of [
        ["phone", PHONE],
        ["projector", { width: 1280, height: 720 }],
      ] as const) {
        await dashboard.setViewportSize(size);
        for (const [page, path] of [
          ["dashboard", ""],
          ["projector", "/present"],
          ["report", "/report"],
        ] as const) {
          await dashboard.goto(`/teacher/session/${session.id}${path}`);
          await expect(dashboard.getByText("Omar").first()).toBeVisible();
          await looked(
            dashboard,
            `${page}-${locale}-${viewport}`,
            locale,
            locale === "ar" ? "rtl" : "ltr",
          );
        }
      }
    }
  });
});
