/**
 * The end-to-end tests' `test`: Playwright's, plus a guard that fails a test when any page or worker
 * it opened reported a Content-Security-Policy violation (the policy must fit the whole app:
 * Next.js scripts, the training worker, WASM and WebGL).
 */
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

const VIOLATION = /Content Security Policy|Refused to (load|execute|compile|connect|create|apply)/i;

function watch(context: BrowserContext, seen: string[]): void {
  const onPage = (page: Page) => {
    page.on("console", (m) => {
      if (VIOLATION.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
    });
    page.on("worker", (worker) =>
      worker.on("console", (m) => {
        if (VIOLATION.test(m.text())) seen.push(`worker ${worker.url()}: ${m.text()}`);
      }),
    );
  };
  context.pages().forEach(onPage);
  context.on("page", onPage);
}

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context, browser }, use) => {
      const seen: string[] = [];
      watch(context, seen);
      // Contexts a test opens itself (a teacher and students side by side) are watched too.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const opened = await newContext(options);
        watch(opened, seen);
        return opened;
      };
      await use(seen);
      browser.newContext = newContext;
      expect(seen, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
