/**
 * Homework, walked in Chromium: a teacher creates an assignment in the page (opens now, due in a
 * week) and posts a curriculum challenge, which is open at once. A student on a phone opens the
 * link, reads when it is due, trains and submits; the teacher's progress table shows the verified
 * score live. The teacher moves the due date into the past: a student who comes later is told
 * their runs are marked late, and the table marks them; refused instead, the lab takes no more.
 */
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import Papa from "papaparse";
import { LAPTOP, PHONE, joinAs, teacherAt } from "./classroom";
import { expect, test } from "./fixtures";

/** A `datetime-local` value in the page's own time zone, `offsetMs` from now. */
const localInput = (page: Page, offsetMs: number) =>
  page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }, offsetMs);

async function trainSmall(page: Page, run: number) {
  await page.getByLabel(/Hidden layers/).fill("2");
  await page.getByLabel(/Training steps/).fill("300");
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await expect(page.getByText(/Training (finished|diverged)/)).toBeVisible({ timeout: 180_000 });
  await page.getByRole("button", { name: "Submit run", exact: true }).click();
  await expect(page.getByText(new RegExp(`Run ${run}: Verified`))).toBeVisible({
    timeout: 90_000,
  });
}

test("an assignment done on time and late", async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(600_000);
  const { context } = await teacherAt(browser, baseURL!, "homework@school.test");
  const teacher = await context.newPage();

  const code = await test.step("the teacher creates homework and posts a challenge", async () => {
    await teacher.goto("/teacher");
    await teacher.getByLabel(/Homework: students do it on their own/).check();
    await teacher.getByLabel("New assignment title").fill("Homework: the spiral");
    await teacher.getByRole("button", { name: "Create the assignment" }).click();
    await expect(teacher.getByRole("heading", { name: /Homework/ }).first()).toBeVisible();
    await expect(teacher.getByText(/due .* \(in 7 days\)/)).toBeVisible();
    await teacher
      .getByLabel("Post from the curriculum")
      .selectOption({ label: "Reach 90% on the spiral in the fewest steps" });
    await teacher.getByRole("button", { name: "Post challenge" }).click();
    // No one opens it: an assignment's challenge is open once posted.
    await expect(teacher.locator(".challenge-list .tag")).toHaveText("open");
    return (await teacher.locator(".big-code").textContent())!;
  });

  await test.step("a student on a phone does it on time", async () => {
    const grace = await joinAs(browser, code, "Grace", PHONE);
    await expect(
      grace.getByText(/Due .* \(in 7 days\)\. Runs after that are marked late\./),
    ).toBeVisible();
    await trainSmall(grace, 1);
    await grace.screenshot({ path: testInfo.outputPath("student-phone.png"), fullPage: true });
    const row = teacher.locator("table.progress").getByRole("row", { name: /Grace/ });
    await expect(row).toContainText("verified · 1 run");
    await expect(row).not.toContainText("late");
  });

  await test.step("the due date passes; a latecomer's run is marked late", async () => {
    await teacher.getByRole("button", { name: "Change the dates or rules" }).click();
    await teacher
      .getByLabel("Opens", { exact: true })
      .fill(await localInput(teacher, -2 * 3600_000));
    // The form takes minutes: the due date is the next minute's start, after Grace's run.
    const wait = 60_000 - (Date.now() % 60_000) + 500;
    await teacher.waitForTimeout(wait);
    await teacher.getByLabel("Due", { exact: true }).fill(await localInput(teacher, 0));
    await teacher.getByRole("button", { name: "Save the dates" }).click();
    await expect(teacher.getByRole("heading", { name: /past due/ })).toBeVisible();

    const alan = await joinAs(browser, code, "Alan", LAPTOP);
    await expect(
      alan.getByText(/you can still submit, and runs from now are marked late/),
    ).toBeVisible();
    await trainSmall(alan, 1);
    const row = teacher.locator("table.progress").getByRole("row", { name: /Alan/ });
    await expect(row).toContainText("verified · 1 run · late");
    await expect(
      teacher.locator("table.progress").getByRole("row", { name: /Grace/ }),
    ).not.toContainText("late");
    // The late run is on the assignment's board too (ranked like any other).
    await expect(teacher.locator("section.board li")).toHaveText([/Grace/, /Alan/]);
    await teacher.screenshot({ path: testInfo.outputPath("teacher-progress.png"), fullPage: true });

    // Late work refused from now: the lab says so and takes no more.
    await teacher.getByRole("button", { name: "Change the dates or rules" }).click();
    await teacher.getByLabel("Late work").selectOption("refuse");
    await teacher.getByRole("button", { name: "Save the dates" }).click();
    await expect(alan.getByText(/no more runs are taken/)).toBeVisible();
    await expect(alan.getByText(/The assignment was due/)).toBeVisible();
    await expect(alan.getByRole("button", { name: "Submit run", exact: true })).toBeDisabled();
  });

  await test.step("the report shows the progress; the gradebook goes to Canvas", async () => {
    const report = await context.newPage();
    await report.goto(teacher.url() + "/report");
    await expect(report.getByRole("heading", { name: "Homework progress" })).toBeVisible();
    await expect(report.locator("table.progress").getByRole("row", { name: /Alan/ })).toContainText(
      "late",
    );
    const [download] = await Promise.all([
      report.waitForEvent("download"),
      report.getByRole("link", { name: "Canvas" }).click(),
    ]);
    const rows = Papa.parse<string[]>(await readFile((await download.path())!, "utf8"), {
      skipEmptyLines: true,
    }).data;
    expect(rows[0]).toEqual([
      "Student",
      "ID",
      "SIS User ID",
      "SIS Login ID",
      "Section",
      "Homework: the spiral",
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[5]])).toEqual([
      ["Points Possible", "100"],
      // A run that reached the target earns the challenge's full points.
      ["Grace", "100"],
      ["Alan", "100"],
    ]);
  });
});
