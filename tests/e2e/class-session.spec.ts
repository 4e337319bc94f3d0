/**
 * A whole class in separate browser contexts: a teacher signs up, starts a session and posts a
 * curriculum challenge; three students join by code or link, train in the browser for real and submit;
 * verified runs reach the teacher's and the other students' leaderboards live; a student refreshes
 * and comes back as themselves; the teacher locks and closes, opens the report and downloads the CSV.
 */
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import Papa from "papaparse";

const STUDENTS = [
  { nickname: "Grace", depth: "2", steps: "300" },
  { nickname: "Alan", depth: "3", steps: "250" },
  { nickname: "Ada", depth: "2", steps: "400" },
];

async function newPage(browser: Browser, width = 1280): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height: 1000 },
    acceptDownloads: true,
  });
  return context.newPage();
}

test("a teacher and three students play a whole session", async ({ browser }) => {
  const teacher = await newPage(browser, 1600);

  const code = await test.step("the teacher signs up and starts a session", async () => {
    await teacher.goto("/teacher");
    await teacher.getByRole("button", { name: /Create an account/ }).click();
    await teacher.getByLabel("Name").fill("Ms Hopper");
    await teacher.getByLabel("Email").fill("hopper@school.test");
    await teacher.getByLabel("Password").fill("a long password");
    await teacher.getByRole("button", { name: "Create account" }).click();
    await expect(teacher.getByRole("heading", { name: "Your classes" })).toBeVisible();
    await teacher.getByLabel("New session title").fill("Period 5: why deep nets stop learning");
    await teacher.getByRole("button", { name: "Start a session" }).click();
    const bigCode = teacher.locator(".big-code");
    await expect(bigCode).toHaveText(/^[A-HJ-NP-Z2-9]{6}$/);
    await expect(teacher.getByRole("img", { name: /QR code/ })).toBeVisible();
    return (await bigCode.textContent())!;
  });

  await test.step("the teacher posts and opens a curriculum challenge", async () => {
    await teacher
      .getByLabel("Post from the curriculum")
      .selectOption({ label: "Reach 90% on the spiral in the fewest steps" });
    await teacher.getByRole("button", { name: "Post challenge" }).click();
    await teacher.getByRole("button", { name: "Open", exact: true }).click();
    await expect(teacher.locator(".challenge-list .tag")).toHaveText("open");
  });

  const students: Page[] = [];
  for (const [i, s] of STUDENTS.entries()) {
    await test.step(`${s.nickname} joins, trains and submits`, async () => {
      const page = await newPage(browser);
      students.push(page);
      if (i === 0) {
        await page.goto(`/join/${code}`);
        await expect(page.getByLabel("Join code")).toHaveValue(code);
      } else {
        await page.goto("/");
        await page.getByLabel("Join code").fill(code.toLowerCase());
      }
      await page.getByLabel("Nickname").fill(s.nickname);
      await page.getByRole("button", { name: "Join the class" }).click();
      await expect(page.getByText(`You are ${s.nickname}`)).toBeVisible();
      await expect(teacher.getByText(new RegExp(`${i + 1} online of ${i + 1}`))).toBeVisible();
      await page.getByLabel(/Hidden layers/).fill(s.depth);
      await page.getByLabel(/Learning rate/).fill("0.03");
      await page.getByLabel(/Training steps/).fill(s.steps);
      await page.getByRole("button", { name: "Train" }).click();
      await expect(page.getByText(/Backend: (webgpu|webgl|wasm)/)).toBeVisible();
      await expect(page.getByText(/Training finished/)).toBeVisible({ timeout: 180_000 });
      await page.getByRole("button", { name: "Submit run", exact: true }).click();
      await expect(page.getByText(/Verified: [\d.]+% on the hidden test set/)).toBeVisible();
    });
  }

  await test.step("verified runs reach every leaderboard live", async () => {
    const board = teacher.getByRole("region", { name: /Leaderboard/ });
    for (const s of STUDENTS)
      await expect(board.getByRole("listitem").filter({ hasText: s.nickname })).toBeVisible();
    // Fewest steps first: Alan (250) before Grace (300) before Ada (400), where all reached 90%.
    const firstStudentBoard = students[0]!.getByRole("complementary").getByRole("listitem");
    await expect(firstStudentBoard).toHaveCount(await board.getByRole("listitem").count());
    await expect(teacher.getByRole("heading", { name: /3 runs/ })).toBeVisible();
    await expect(
      teacher
        .getByRole("region", { name: "Gradient flow across the class" })
        .getByRole("rowheader"),
    ).toHaveCount(3);
    await teacher.screenshot({
      path: "test-results/screens/teacher-dashboard.png",
      fullPage: true,
    });
  });

  await test.step("a student refreshes and comes back as themselves", async () => {
    const page = students[1]!;
    await page.reload();
    await expect(page.getByText("You are Alan")).toBeVisible();
    await expect(
      page.getByRole("complementary").getByRole("listitem").filter({ hasText: "Alan" }),
    ).toBeVisible();
  });

  await test.step("the teacher writes a custom challenge, kept as a draft", async () => {
    await teacher.getByText("Write a custom challenge").click();
    await teacher.getByLabel("Title").fill("Depth race on the circles");
    await teacher.getByLabel("Dataset").selectOption("circles");
    await teacher.getByLabel("Most hidden layers").fill("30");
    await teacher.getByLabel("What students read").fill("Go as deep as you can and still learn.");
    await teacher.getByRole("button", { name: "Post custom challenge" }).click();
    await expect(teacher.getByRole("button", { name: "Depth race on the circles" })).toBeVisible();
    await expect(teacher.locator(".challenge-list .tag")).toHaveText(["open", "draft"]);
    // Drafts stay with the teacher until opened.
    await expect(students[0]!.getByRole("button", { name: /Depth race/ })).toHaveCount(0);
  });

  await test.step("the teacher locks the challenge and closes the session", async () => {
    await teacher.getByRole("button", { name: "Lock", exact: true }).click();
    await expect(students[2]!.getByRole("button", { name: /locked/ })).toBeVisible();
    await teacher.getByRole("button", { name: "Close the session" }).click();
    // Irreversible: the dashboard asks first.
    await teacher.getByRole("dialog").getByRole("button", { name: "Close the session" }).click();
    await expect(teacher.getByText("This session is closed.")).toBeVisible();
    await expect(students[0]!.getByText(/this class has ended/)).toBeVisible();
  });

  await test.step("the teacher opens the report and downloads the runs as CSV", async () => {
    await teacher.getByRole("link", { name: "Open the report" }).click();
    await expect(teacher.getByRole("heading", { name: /Report: Period 5/ })).toBeVisible();
    await expect(
      teacher.getByRole("img", { name: /Verified accuracy against depth for 3 runs/ }),
    ).toBeVisible();
    await teacher.getByRole("button", { name: "Show curves" }).first().click();
    await expect(teacher.getByRole("img", { name: /Gradient norms of \d layers/ })).toBeVisible();
    await teacher.screenshot({ path: "test-results/screens/report.png", fullPage: true });
    const [download] = await Promise.all([
      teacher.waitForEvent("download"),
      teacher.getByRole("link", { name: "Runs (CSV)" }).click(),
    ]);
    const csv = await readFile((await download.path())!, "utf8");
    const rows = Papa.parse<Record<string, string>>(csv, {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((r) => r.nickname).sort()).toEqual(["Ada", "Alan", "Grace"]);
    for (const row of rows) {
      expect(row.status).toBe("verified");
      expect(Number(row.verifiedAccuracy)).toBeGreaterThan(0.5);
      expect(row.dataset).toBe("spiral");
    }
    expect(rows.find((r) => r.nickname === "Alan")!.depth).toBe("3");
  });
});
