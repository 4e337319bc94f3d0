/**
 * End-to-end tests in Debian's Chromium (Playwright cannot download its own browsers here), with
 * WebGL through SwiftShader, against the production build served by server/index.ts on a fresh
 * SQLite database, the way a class reaches it: on all interfaces with APP_URL unset, the pages
 * opened at this machine's LAN address (not localhost, and so not a browser "secure context").
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./tests/support/chromium";
import { lanAddress } from "./tests/support/lan";

const PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://${lanAddress()}:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 240_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: "node --import tsx server/index.ts",
    url: E2E_BASE_URL,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      NODE_ENV: "production",
      HOST: "0.0.0.0",
      PORT: String(PORT),
      DATABASE_URL: `file:${join(tmpdir(), `vanishing-point-e2e-${Date.now()}.db`)}`,
      BETTER_AUTH_SECRET: "end-to-end-test-secret-of-32-characters-or-more",
      LOG_LEVEL: "warn",
      // A student away this long gives their sweep cell back (the default is 20 s).
      SWEEP_RELEASE_MS: "3000",
    },
  },
});
