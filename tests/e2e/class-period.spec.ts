/**
 * A class period as a class has it: the teacher opens the app at a name on the room's network (a
 * plain-http origin, not a secure context; mapped onto loopback, playwright.config.ts), a
 * student on a phone opens the link the dashboard shows, works on two challenges (switching tabs,
 * refreshing), trains and submits three times, compares runs and forks one into the form.
 */
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const PHONE = { width: 390, height: 844 };

async function newPage(browser: Browser, viewport: { width: number; height: number }) {
  const context = await browser.newContext({
    viewport,
    ...(viewport.width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  return context.newPage();
}

/** The lab fits the screen: nothing wider than the viewport, the given buttons reachable. */
async function expectFits(page: Page, buttons: string[]) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
  for (const name of buttons) {
    const button = page.getByRole("button", { name, exact: true });
    await button.scrollIntoViewIfNeeded();
    await expect(button).toBeInViewport();
  }
}

async function trainAndSubmit(page: Page, n: number) {
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await expect(page.getByText(/Training finished/)).toBeVisible({ timeout: 180_000 });
  const submit = page.getByRole("button", { name: "Submit run", exact: true });
  await expect(submit).toBeEnabled();
  await submit.click();
  await expect(page.getByText(/Submitted: verifying|Verified: [\d.]+%/).first()).toBeVisible();
  await expect(page.getByText(`Submissions: ${n} of 10`)).toBeVisible();
  // One submission per training: the button waits for the next run.
  await expect(submit).toBeDisabled();
}

test("a class period on the room's network: a phone, two challenges, refreshes, three submissions, a comparison", async ({
  browser,
  baseURL,
}) => {
  const teacher = await newPage(browser, { width: 1280, height: 800 });

  const link = await test.step("the teacher starts a session at the room's address", async () => {
    // From the home page: the way to the teacher's area.
    await teacher.goto("/");
    await teacher.getByRole("link", { name: /teacher account/ }).click();
    await teacher.getByRole("button", { name: /Create an account/ }).click();
    await teacher.getByLabel("Name").fill("Mr Turing");
    await teacher.getByLabel("Email").fill("turing@school.test");
    await teacher.getByLabel("Password").fill("a long password");
    await teacher.getByRole("button", { name: "Create account" }).click();
    await teacher.getByLabel("New session title").fill("Period 3");
    await teacher.getByRole("button", { name: "Start a session" }).click();
    // The link students can open: the address the teacher used, not localhost.
    const shown = teacher.locator(".join-link strong");
    await expect(shown).toHaveText(new RegExp(`^${baseURL}/join/[A-HJ-NP-Z2-9]{6}$`));
    return (await shown.textContent())!;
  });

  await test.step("the teacher posts two challenges, one on another dataset", async () => {
    await teacher
      .getByLabel("Post from the curriculum")
      .selectOption({ label: "Reach 90% on the spiral in the fewest steps" });
    await teacher.getByRole("button", { name: "Post challenge" }).click();
    await teacher.getByRole("button", { name: "Open", exact: true }).click();
    await teacher.getByText("Write a custom challenge").click();
    await teacher.getByLabel("Title").fill("Tanh on the circles");
    await teacher.getByLabel("Dataset").selectOption("circles");
    await teacher.getByLabel("Activation").selectOption("tanh");
    await teacher.getByLabel("Most hidden layers").fill("3");
    await teacher.getByLabel("What students read").fill("At most three tanh layers.");
    await teacher.getByRole("button", { name: "Post custom challenge" }).click();
    // The form is empty again for the next one.
    await expect(teacher.getByLabel("Title")).toHaveValue("");
    await teacher
      .getByRole("listitem")
      .filter({ hasText: "Tanh on the circles" })
      .getByRole("button", { name: "Open", exact: true })
      .click();
    await expect(teacher.locator(".challenge-list .tag")).toHaveText(["open", "open"]);
  });

  const phone = await newPage(browser, PHONE);

  await test.step("a student on a phone opens the dashboard's link and joins", async () => {
    await phone.goto(link);
    // As on the room's plain-http Wi-Fi: no secure context (no crypto.randomUUID, no WebGPU).
    expect(await phone.evaluate(() => window.isSecureContext)).toBe(false);
    await phone.getByLabel("Nickname").fill("Noor");
    await phone.getByRole("button", { name: "Join the class" }).click();
    await expect(phone.getByText("You are Noor")).toBeVisible();
    await expectFits(phone, ["Train"]);
    await phone.screenshot({ path: "test-results/screens/lab-phone.png", fullPage: true });
  });

  const tab = (name: RegExp) =>
    phone.getByRole("navigation", { name: "Challenges" }).getByRole("button", { name });

  await test.step("each challenge keeps its own settings across tab switches", async () => {
    await tab(/fewest steps/).click();
    await phone.getByLabel(/Hidden layers/).fill("2");
    await phone.getByLabel(/Learning rate/).fill("0.03");
    await phone.getByLabel(/Training steps/).fill("250");
    await tab(/circles/).click();
    // The circles challenge starts from its own spec: tanh locked, nothing blocking Train.
    await expect(phone.getByLabel(/Activation/)).toHaveValue("tanh");
    await expect(phone.getByLabel(/Activation/)).toBeDisabled();
    await expect(phone.getByRole("button", { name: "Train", exact: true })).toBeEnabled();
    await expect(phone.locator(".lab .error")).toHaveCount(0);
    await phone.getByLabel(/Learning rate/).fill("0.05");
    await tab(/fewest steps/).click();
    await expect(phone.getByLabel(/Learning rate/)).toHaveValue("0.03");
    await expect(phone.getByLabel(/Hidden layers/)).toHaveValue("2");
    await tab(/circles/).click();
    await expect(phone.getByLabel(/Learning rate/)).toHaveValue("0.05");
  });

  await test.step("three trainings and three submissions in a row", async () => {
    await tab(/fewest steps/).click();
    await trainAndSubmit(phone, 1);
    await phone.getByLabel(/Batch norm/).selectOption("before");
    await trainAndSubmit(phone, 2);
    await phone.getByLabel(/Batch norm/).selectOption("off");
    await phone.getByLabel(/Training steps/).fill("300");
    await trainAndSubmit(phone, 3);
    const runs = phone.getByRole("region", { name: "Your runs" }).getByRole("listitem");
    await expect(runs).toHaveCount(3);
    await expect(runs.filter({ hasText: /Verified [\d.]+%/ })).toHaveCount(3, { timeout: 60_000 });
  });

  await test.step("two runs side by side: loss, accuracy and the gradient profile", async () => {
    await phone.getByLabel("Compare run 1").check();
    await phone.getByLabel("Compare run 2").check();
    const comparison = phone.getByRole("region", { name: "Comparison" });
    await expect(comparison.getByRole("img", { name: /Loss of 2 runs/ })).toBeVisible();
    await expect(comparison.getByRole("img", { name: /Accuracy of 2 runs/ })).toBeVisible();
    await expect(comparison.getByRole("img", { name: /Gradient profile of 2 runs/ })).toBeVisible();
    await expect(
      comparison.getByRole("listitem").filter({ hasText: /Run 2: .*batch norm before/ }),
    ).toBeVisible();
    await phone.screenshot({ path: "test-results/screens/comparison-phone.png", fullPage: true });
  });

  await test.step("a run forked into the form", async () => {
    await phone.getByRole("button", { name: "Fork run 2 into the form" }).click();
    await expect(phone.getByLabel(/Batch norm/)).toHaveValue("before");
    await expect(phone.getByLabel(/Training steps/)).toHaveValue("250");
  });

  await test.step("a refresh comes back to the same challenge, settings and runs", async () => {
    await tab(/circles/).click();
    await phone.reload();
    await expect(phone.getByText("You are Noor")).toBeVisible();
    await expect(tab(/circles/)).toHaveAttribute("aria-pressed", "true");
    await expect(phone.getByLabel(/Learning rate/)).toHaveValue("0.05");
    await tab(/fewest steps/).click();
    const runs = phone.getByRole("region", { name: "Your runs" }).getByRole("listitem");
    await expect(runs).toHaveCount(3);
    await expect(runs.filter({ hasText: /Verified [\d.]+%/ })).toHaveCount(3);
    // A submitted run's curves come back from the server for comparing.
    await phone.getByLabel("Compare run 1").check();
    await phone.getByLabel("Compare run 3").check();
    await expect(
      phone
        .getByRole("region", { name: "Comparison" })
        .getByRole("img", { name: /Loss of 2 runs/ }),
    ).toBeVisible();
    await expectFits(phone, ["Train", "Submit run"]);
  });

  await test.step("the same lab on a laptop", async () => {
    const laptop = await newPage(browser, { width: 1280, height: 800 });
    await laptop.goto(link);
    await laptop.getByLabel("Nickname").fill("Sam");
    await laptop.getByRole("button", { name: "Join the class" }).click();
    await expect(laptop.getByText("You are Sam")).toBeVisible();
    await expectFits(laptop, ["Train"]);
    await laptop.screenshot({ path: "test-results/screens/lab-desktop.png", fullPage: true });
  });
});
