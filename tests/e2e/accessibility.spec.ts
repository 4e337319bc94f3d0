/**
 * Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) on the pages a class uses, and
 * joining a class with the keyboard alone.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { client, ok, signUpTeacher } from "../support/sockets";

async function violations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

test("the home, lab, teacher, dashboard and report pages pass axe, and a student can join by keyboard", async ({
  page,
  baseURL,
  browser,
}) => {
  const teacherSocket = await client(baseURL!, {
    cookie: await signUpTeacher(baseURL!, "a11y@school.test", { origin: baseURL! }),
  });
  const session = await ok(teacherSocket, "session:create", { title: "Accessible class" });
  const challenge = await ok(teacherSocket, "challenge:post", {
    sessionId: session.id,
    templateKey: "fewest-steps",
  });
  await ok(teacherSocket, "challenge:transition", { challengeId: challenge.id, action: "open" });
  // A sweep too: its figure is an SVG of many marks.
  const sweep = await ok(teacherSocket, "challenge:post", {
    sessionId: session.id,
    templateKey: "sweep-bn-factor",
  });
  await ok(teacherSocket, "challenge:transition", { challengeId: sweep.id, action: "open" });

  await test.step("home page", async () => {
    await page.goto("/");
    expect(await violations(page)).toEqual([]);
  });

  await test.step("joining with the keyboard alone", async () => {
    await page.getByLabel("Join code").focus();
    await page.keyboard.type(session.joinCode!);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Keys");
    await page.keyboard.press("Enter");
    await expect(page.getByText("You are Keys")).toBeVisible();
  });

  await test.step("the lab", async () => {
    await expect(page.getByRole("button", { name: "Train" })).toBeEnabled();
    expect(await violations(page)).toEqual([]);
  });

  await test.step("the teacher's sign-in and dashboard", async () => {
    const teacher = await (await browser.newContext()).newPage();
    await teacher.goto("/teacher");
    await expect(teacher.getByRole("heading", { name: "Teacher sign in" })).toBeVisible();
    expect(await violations(teacher)).toEqual([]);
    await teacher.getByLabel("Email").fill("a11y@school.test");
    await teacher.getByLabel("Password").fill("correct horse battery");
    await teacher.getByRole("button", { name: "Sign in" }).click();
    await teacher.getByRole("link", { name: "Accessible class" }).click();
    await expect(teacher.locator(".big-code")).toHaveText(session.joinCode!);
    expect(await violations(teacher)).toEqual([]);
  });

  await test.step("the report, with a sweep's figure", async () => {
    const report = await (await browser.newContext()).newPage();
    await report.goto("/teacher");
    await report.getByLabel("Email").fill("a11y@school.test");
    await report.getByLabel("Password").fill("correct horse battery");
    await report.getByRole("button", { name: "Sign in" }).click();
    await report.getByRole("link", { name: "Accessible class" }).click();
    await report.getByRole("link", { name: /Report/ }).click();
    await expect(report.getByText(/0 of 60 runs verified/)).toBeVisible();
    expect(await violations(report)).toEqual([]);
  });
  teacherSocket.disconnect();
});
