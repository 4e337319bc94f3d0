/**
 * End-to-end tests in Debian's Chromium (Playwright cannot download its own browsers here), with
 * WebGL through SwiftShader, against the production build served by server/index.ts on a fresh
 * SQLite database. The server listens on loopback only, and the pages are opened at
 * http://classroom.test:PORT, a name Chromium maps onto 127.0.0.1 (tests/support/loopback.ts): an
 * origin that is not a browser "secure context" and a join link that is not localhost, as a class
 * reaches the app over the room's Wi-Fi, while no packet leaves this machine's loopback.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./tests/support/chromium";
import { CLASSROOM_HOST, CLASSROOM_RESOLVER_RULE } from "./tests/support/loopback";

const PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://${CLASSROOM_HOST}:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 240_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, CLASSROOM_RESOLVER_RULE],
    },
  },
  webServer: {
    command: "node --import tsx server/index.ts",
    // Playwright polls from Node, which does not know the name: the loopback address itself.
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(PORT),
      // The name is the app's own, as a school's DNS name would be.
      TRUSTED_ORIGINS: E2E_BASE_URL,
      DATABASE_URL: `file:${join(tmpdir(), `vanishing-point-e2e-${Date.now()}.db`)}`,
      BETTER_AUTH_SECRET: "end-to-end-test-secret-of-32-characters-or-more",
      LOG_LEVEL: "warn",
      // A student away this long gives their sweep cell back (the default is 20 s).
      SWEEP_RELEASE_MS: "3000",
    },
  },
});
