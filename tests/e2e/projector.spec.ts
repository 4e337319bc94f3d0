/**
 * The teacher's projector: names hidden on every view at once, joining locked and reopened,
 * irreversible actions confirmed, alerts that survive a reload, and the presentation view with
 * its live top ten and a podium revealed place by place.
 */
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

async function newPage(browser: Browser, width = 1280, height = 800): Promise<Page> {
  return (await browser.newContext({ viewport: { width, height } })).newPage();
}

async function joinAndSubmit(
  browser: Browser,
  link: string,
  nickname: string,
  config: Record<string, string>,
) {
  const page = await newPage(browser);
  await page.goto(link);
  await page.getByLabel("Nickname").fill(nickname);
  await page.getByRole("button", { name: "Join the class" }).click();
  await expect(page.getByText(`You are ${nickname}`)).toBeVisible();
  for (const [label, value] of Object.entries(config)) {
    const field = page.getByLabel(new RegExp(label));
    if ((await field.evaluate((e) => e.tagName)) === "SELECT") await field.selectOption(value);
    else await field.fill(value);
  }
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await expect(page.getByText(/Training (finished|diverged)/)).toBeVisible({ timeout: 180_000 });
  await page.getByRole("button", { name: "Submit run", exact: true }).click();
  await expect(page.getByText(/Run 1: Verified/)).toBeVisible({ timeout: 60_000 });
  return page;
}

test("the projector: hidden names everywhere, a lock on joining, confirmations, alerts, the podium", async ({
  browser,
  baseURL,
}) => {
  const teacher = await newPage(browser);
  const link = await test.step("the teacher opens a class with one challenge", async () => {
    await teacher.goto("/teacher");
    await teacher.getByRole("button", { name: /Create an account/ }).click();
    await teacher.getByLabel("Name").fill("Ms Noether");
    await teacher.getByLabel("Email").fill("noether@school.test");
    await teacher.getByLabel("Password").fill("a long password");
    await teacher.getByRole("button", { name: "Create account" }).click();
    await teacher.getByLabel("New session title").fill("Period 6");
    await teacher.getByRole("button", { name: "Start a session" }).click();
    await teacher
      .getByLabel("Post from the curriculum")
      .selectOption({ label: "Reach 90% on the spiral in the fewest steps" });
    await teacher.getByRole("button", { name: "Post challenge" }).click();
    await teacher.getByRole("button", { name: "Open", exact: true }).click();
    // A posted template is marked in the list.
    await expect(
      teacher.getByLabel("Post from the curriculum").locator("option", { hasText: "(posted)" }),
    ).toHaveCount(1);
    return (await teacher.locator(".join-link strong").textContent())!;
  });
  expect(link.startsWith(baseURL!)).toBe(true);

  const ada = await test.step("two students train and submit", async () => {
    const page = await joinAndSubmit(browser, link, "Ada", {
      "Hidden layers": "2",
      "Learning rate": "0.03",
      "Training steps": "200",
    });
    return page;
  });
  const bo = await test.step("a second student trains longer", async () =>
    joinAndSubmit(browser, link, "Bo", {
      "Hidden layers": "2",
      "Learning rate": "0.03",
      "Training steps": "250",
    }));
  await test.step("a third student's run explodes at init", async () =>
    joinAndSubmit(browser, link, "Cy", {
      Initializer: "normal",
      "Hidden layers": "20",
      "Training steps": "10",
    }));

  const board = teacher.getByRole("region", { name: /Leaderboard/ });
  const roster = teacher.getByRole("region", { name: /online of/ });
  await test.step("names show until the teacher hides them, then on no view", async () => {
    await expect(board.getByText("Ada", { exact: true })).toBeVisible();
    await expect(roster.getByText("Bo", { exact: true })).toBeVisible();
    await expect(ada.getByRole("complementary").getByText("Bo", { exact: true })).toBeVisible();
    await teacher.getByLabel("Hide names").check();
    await expect(roster.getByText("Student 1", { exact: true })).toBeVisible();
    for (const nickname of ["Ada", "Bo"]) {
      await expect(board.getByText(nickname, { exact: true })).toHaveCount(0);
      await expect(roster.getByText(nickname, { exact: true })).toHaveCount(0);
      await expect(
        teacher.getByRole("region", { name: "Gradient flow across the class" }).getByText(nickname),
      ).toHaveCount(0);
    }
    const adaBoard = ada.getByRole("complementary");
    // Her own entry reads "You", not "You (you)".
    await expect(adaBoard.getByText("You", { exact: true })).toBeVisible();
    await expect(adaBoard.getByText(/\(you\)/)).toHaveCount(0);
    await expect(adaBoard.getByText("Bo", { exact: true })).toHaveCount(0);
    await expect(adaBoard.getByText("Student 2", { exact: true })).toBeVisible();
    await expect(bo.getByRole("complementary").getByText("Ada", { exact: true })).toHaveCount(0);
  });

  await test.step("joining locked keeps a newcomer out until it is opened again", async () => {
    await teacher.getByLabel("Lock joining").check();
    await expect(teacher.getByText("Joining is locked")).toBeVisible();
    const late = await newPage(browser);
    await late.goto(link);
    // The link says which class it joins before a name is typed.
    const joining = late.getByRole("status").filter({ hasText: "You are joining" });
    await expect(joining).toContainText("Period 6");
    await expect(joining).toContainText("locked joining");
    await late.getByLabel("Nickname").fill("Late");
    await late.getByRole("button", { name: "Join the class" }).click();
    await expect(late.getByRole("alert").filter({ hasText: /has locked joining/ })).toBeVisible();
    await teacher.getByLabel("Lock joining").uncheck();
    await late.getByRole("button", { name: "Join the class" }).click();
    await expect(late.getByText("You are Late")).toBeVisible();
    await expect(teacher.getByText(/4 online of 4/)).toBeVisible();
  });

  await test.step("removing a student asks first", async () => {
    await teacher.getByRole("button", { name: "Remove Student 4" }).click();
    const dialog = teacher.getByRole("dialog", { name: /Remove Student 4/ });
    await expect(dialog).toContainText("Remove Student 4 from the class?");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(teacher.getByText(/4 online of 4/)).toBeVisible();
    await teacher.getByRole("button", { name: "Remove Student 4" }).click();
    await teacher
      .getByRole("dialog", { name: /Remove Student 4/ })
      .getByRole("button", { name: "Remove" })
      .click();
    await expect(teacher.getByText(/online of 3/)).toBeVisible();
  });

  await test.step("after a removal, a newcomer waits in the lobby until the teacher admits them", async () => {
    await expect(teacher.getByLabel("Admit newcomers one by one")).toBeChecked();
    // A private window: a new device id, so the removal cannot hold it; the lobby does.
    const incognito = await newPage(browser);
    await incognito.goto(link);
    await incognito.getByLabel("Nickname").fill("Stranger");
    await incognito.getByRole("button", { name: "Join the class" }).click();
    await expect(incognito.getByText(/wait here/)).toBeVisible();
    const lobby = teacher.getByRole("region", { name: "Lobby" });
    await expect(lobby.getByText("Stranger")).toBeVisible();
    await lobby.getByRole("button", { name: "Admit Stranger" }).click();
    await expect(incognito.getByText("You are Stranger")).toBeVisible();
    await expect(incognito.getByRole("button", { name: "Train", exact: true })).toBeVisible();
    await teacher.getByLabel("Admit newcomers one by one").uncheck();
    await incognito.context().close();
  });

  await test.step("alerts survive a reload of the dashboard", async () => {
    const alerts = teacher.getByRole("region", { name: "Alerts" });
    await expect(alerts.getByRole("listitem").first()).toBeVisible({ timeout: 60_000 });
    const before = await alerts.getByRole("listitem").allTextContents();
    await teacher.reload();
    await expect(teacher.getByRole("region", { name: "Alerts" }).getByRole("listitem")).toHaveText(
      before,
    );
  });

  await test.step("the projector view: live top ten, then a podium revealed place by place", async () => {
    // The teacher's own browser (signed in), on the projector.
    const projector = await teacher.context().newPage();
    await teacher.getByRole("link", { name: "Projector view" }).click();
    await teacher.waitForURL(/\/present$/);
    await projector.goto(teacher.url());
    await teacher.goBack();
    const top = projector.getByRole("list", { name: "Top ten" });
    await expect(top.getByRole("listitem")).toHaveCount(2);
    await expect(top).not.toContainText("Ada");
    await expect(
      projector.getByRole("region", { name: "Gradient flow across the class" }),
    ).toBeVisible();
    await expect(
      projector.getByRole("img", { name: /Verified accuracy (against depth|by \w+) for/ }),
    ).toBeVisible();
    await projector.screenshot({ path: "test-results/screens/projector-live.png" });
    await teacher.getByRole("button", { name: "Lock", exact: true }).click();
    const podium = projector.getByRole("list", { name: "Podium" });
    await expect(podium.getByText("?")).toHaveCount(2);
    await projector.getByRole("button", { name: "Reveal second place" }).click();
    await expect(podium.getByText("?")).toHaveCount(1);
    await projector.getByRole("button", { name: "Reveal first place" }).click();
    await expect(podium.getByText("?")).toHaveCount(0);
    await projector.screenshot({ path: "test-results/screens/projector-podium.png" });
  });

  await test.step("the report counts the students still in the class and keeps names hidden", async () => {
    const report = await teacher.context().newPage();
    await report.goto(teacher.url().replace(/\/?$/, "/report"));
    // The removed student's runs are not counted as the class's.
    await expect(report.getByText(/^4 students · \d+ runs/)).toBeVisible();
    // Names stay hidden while the teacher hides them: the report is one click from the projector.
    await expect(report.getByRole("main")).not.toContainText(/\bAda\b/);
    await expect(report.getByRole("main")).not.toContainText(/\bBo\b/);
    await report.screenshot({
      path: "test-results/screens/report-hidden-names.png",
      fullPage: true,
    });
    await report.close();
  });

  await test.step("the dashboard at 1280x800, and an icon", async () => {
    await teacher.screenshot({ path: "test-results/screens/dashboard-1280.png" });
    // Fetched by the page itself: the app's name resolves to loopback in the browser only.
    expect(await teacher.evaluate(() => fetch("/favicon.ico").then((r) => r.status))).toBe(200);
  });
});
