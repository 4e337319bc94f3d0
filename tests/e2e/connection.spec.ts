/**
 * A page whose connection the class server refuses says so and offers a reload, instead of
 * "Connecting…" forever: here a page opened under a name that is not one of the server's own
 * (elsewhere.test reaches it over loopback, but the app does not know the name).
 */
import { expect, test } from "./fixtures";

test("a refused connection is said, not left connecting", async ({ browser }) => {
  const port = new URL(test.info().project.use.baseURL!).port;
  const page = await (await browser.newContext()).newPage();
  await page.goto(`http://elsewhere.test:${port}/class/some-session`);
  await expect(page.getByText(/The class server refused this page/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Reload" })).toBeVisible();
});
