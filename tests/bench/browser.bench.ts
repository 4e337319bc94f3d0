/**
 * Training speed in Chromium: the reference config (20 x 64 ReLU + He, batch 64, Adam, spiral) in the
 * training worker on WebGL and WASM, with telemetry every 10 steps and off, and the longest
 * main-thread task while it trains. Alternates the variants over several rounds and prints medians.
 * Needs `npm run build` first (npm run bench:browser does it).
 *
 *   npm run bench:browser [-- --rounds 3 --steps 300]
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";

const { values } = parseArgs({
  options: { rounds: { type: "string", default: "3" }, steps: { type: "string", default: "300" } },
});
const ROUNDS = Number(values.rounds);
const STEPS = Number(values.steps);
const PORT = 3290;
const BASE = `http://127.0.0.1:${PORT}`;

const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(PORT),
    DATABASE_URL: `file:${join(tmpdir(), `vanishing-point-bench-${Date.now()}.db`)}`,
    BETTER_AUTH_SECRET: "browser-benchmark-secret-of-32-characters-or-more",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve, reject) => {
  server.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

interface Result {
  stepsPerSecond: number;
  longestTaskMs: number;
}

const variants = [
  { backend: "webgl", telemetry: 10 },
  { backend: "webgl", telemetry: 0 },
  { backend: "wasm", telemetry: 10 },
  { backend: "wasm", telemetry: 0 },
];
const browserVersion = browser.version();
const samples = new Map<string, Result[]>(variants.map((v) => [`${v.backend}/${v.telemetry}`, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) {
      const page = await browser.newPage();
      await page.goto(`${BASE}/bench?backend=${v.backend}&telemetry=${v.telemetry}&steps=${STEPS}`);
      const done = page.locator("#bench-result, [data-error]");
      await done.waitFor({ timeout: 600_000 });
      const error = await page.locator("[data-error]").count();
      if (error)
        throw new Error(
          (await page.locator("[data-error]").getAttribute("data-error")) ?? "bench failed",
        );
      samples
        .get(`${v.backend}/${v.telemetry}`)!
        .push(JSON.parse((await page.locator("#bench-result").getAttribute("data-result"))!));
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.kill("SIGTERM");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// The Long Tasks API reports main-thread tasks over 50 ms only: 0 means none was that long.
console.log(
  `\nChromium ${browserVersion} (Debian's, WebGL through SwiftShader), ${ROUNDS} rounds of ${STEPS} steps after a 25-step warm-up`,
);
console.log(
  "backend  telemetry      median steps/s   longest main-thread task (ms)   telemetry cost",
);
for (const backend of ["webgl", "wasm"]) {
  const off = median(samples.get(`${backend}/0`)!.map((r) => r.stepsPerSecond));
  for (const telemetry of [10, 0]) {
    const rs = samples.get(`${backend}/${telemetry}`)!;
    const rate = median(rs.map((r) => r.stepsPerSecond));
    const cost = telemetry ? `${((off / rate - 1) * 100).toFixed(1)}%` : "";
    console.log(
      `${backend.padEnd(9)}${(telemetry ? `every ${telemetry}` : "off").padEnd(15)}${rate.toFixed(1).padStart(14)}${median(
        rs.map((r) => r.longestTaskMs),
      )
        .toFixed(0)
        .padStart(32)}   ${cost}`,
    );
  }
}
