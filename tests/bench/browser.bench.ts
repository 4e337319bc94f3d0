/**
 * Training speed in Chromium, in one browser run with alternating rounds (this machine is shared
 * and noisy): on each backend the browser can start, the plain tfjs loop (lib/nn/baseline.ts) and
 * the engine in the training worker with telemetry every 10 steps and off, on the reference config
 * (20 x 64 ReLU + He, batch 64, Adam, spiral). Then the student's lab as a class uses it: the
 * page's JavaScript before training (gzipped), the time from Train to the first loss point and
 * heatmap column, and the longest main-thread task while it trains. Prints medians and ratios,
 * then one JSON line. Needs `npm run build` first (npm run bench:browser does it).
 *
 *   npm run bench:browser [-- --rounds 3 --steps 300 --backends webgl,wasm]
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "@playwright/test";
import type { ChallengeSpecInput } from "../../lib/challenges/spec";
import { BENCHMARK_CONFIG } from "../../lib/nn/config";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";
import { client, openChallenge, signUpTeacher } from "../support/sockets";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    steps: { type: "string", default: "300" },
    backends: { type: "string", default: "webgl,wasm,webgpu" },
  },
});
const ROUNDS = Number(values.rounds);
const STEPS = Number(values.steps);
const PORT = 3290;
const BASE = `http://localhost:${PORT}`;

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

interface Sample {
  stepsPerSecond: number;
  longestTaskMs: number;
  wasmThreads?: number | null;
}

type Variant =
  { backend: string; kind: "plain" } | { backend: string; kind: "engine"; telemetry: number };
const key = (v: Variant) =>
  v.kind === "plain" ? `${v.backend}/plain` : `${v.backend}/${v.telemetry}`;

async function benchPage(b: Browser, v: Variant): Promise<Sample | { error: string }> {
  const page = await b.newPage();
  try {
    const query =
      v.kind === "plain"
        ? `variant=plain&backend=${v.backend}&steps=${STEPS}`
        : `backend=${v.backend}&telemetry=${v.telemetry}&steps=${STEPS}`;
    await page.goto(`${BASE}/bench?${query}`);
    await page.locator("#bench-result, [data-error]").waitFor({ timeout: 600_000 });
    const error = await page
      .locator("[data-error]")
      .getAttribute("data-error")
      .catch(() => null);
    if (error) return { error };
    return JSON.parse((await page.locator("#bench-result").getAttribute("data-result"))!) as Sample;
  } finally {
    await page.close();
  }
}

interface LabSample {
  gzipJsBytes: number;
  jsFiles: number;
  /** From the lab showing Train to the worker being ready (backend measured, kernels compiled). */
  readyMs: number;
  firstLossMs: number;
  firstColumnMs: number;
  backend: string;
  longestTaskMs: number;
}

const SPEC: ChallengeSpecInput = {
  dataset: BENCHMARK_CONFIG.dataset,
  locked: {
    depth: BENCHMARK_CONFIG.depth,
    width: BENCHMARK_CONFIG.width,
    activation: BENCHMARK_CONFIG.activation,
    init: BENCHMARK_CONFIG.init,
  },
  objective: { kind: "accuracy" },
  prompt: "The reference network: 20 x 64 ReLU + He on the spiral.",
};

/** A class with the reference challenge open; returns its join code. */
async function openClass(): Promise<string> {
  const teacher = await client(BASE, {
    cookie: await signUpTeacher(BASE, `bench-${Date.now()}@school.test`, { origin: BASE }),
  });
  const { joinCode } = await openChallenge(teacher, "Browser benchmark", {
    title: "Reference network",
    spec: SPEC,
  });
  teacher.disconnect();
  return joinCode;
}

async function labSample(b: Browser, joinCode: string, nickname: string): Promise<LabSample> {
  const context = await b.newContext();
  const page = await context.newPage();
  try {
    // tsx names the functions handed to page.evaluate with a helper the page does not have.
    await page.addInitScript({ content: "window.__name = (f) => f;" });
    await page.addInitScript(() => {
      const w = window as unknown as { longestTaskMs: number };
      w.longestTaskMs = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longestTaskMs = Math.max(w.longestTaskMs, e.duration);
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(`${BASE}/`);
    await page.getByLabel("Join code").fill(joinCode);
    await page.getByLabel("Nickname").fill(nickname);
    await page.getByRole("button", { name: "Join the class" }).click();
    const train = page.getByRole("button", { name: "Train" });
    await train.waitFor();
    // Everything the page fetched as script before training (workers fetch their own).
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((e) => e.name)
        .filter((url) => new URL(url).pathname.endsWith(".js")),
    );
    let gzipJsBytes = 0;
    for (const url of scripts)
      gzipJsBytes += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
    // The lab measures the backends and compiles the config's kernels while the student reads.
    const opened = Date.now();
    await page.locator(".backend-ready").waitFor({ timeout: 120_000 });
    const readyMs = Date.now() - opened;
    await page.evaluate(() => {
      (window as unknown as { longestTaskMs: number }).longestTaskMs = 0;
    });
    const timing = page.evaluate(
      () =>
        new Promise<{ firstLossMs: number; firstColumnMs: number }>((resolve) => {
          const button = [...document.querySelectorAll("button")].find(
            (el) => el.textContent === "Train",
          )!;
          const t0 = performance.now();
          let firstLossMs = 0;
          const check = () => {
            const now = performance.now() - t0;
            if (!firstLossMs && document.querySelector(".chart [role=img]")) firstLossMs = now;
            if (document.querySelector('canvas[aria-label^="Gradient norms of"]')) {
              resolve({ firstLossMs: firstLossMs || now, firstColumnMs: now });
              return;
            }
            requestAnimationFrame(check);
          };
          button.click();
          requestAnimationFrame(check);
        }),
    );
    const { firstLossMs, firstColumnMs } = await timing;
    await page.waitForTimeout(8_000);
    const backend = ((await page.locator(".backend").textContent()) ?? "")
      .replace("Backend: ", "")
      .replace(" · ready", "");
    const longestTaskMs = await page.evaluate(
      () => (window as unknown as { longestTaskMs: number }).longestTaskMs,
    );
    return {
      gzipJsBytes,
      jsFiles: scripts.length,
      readyMs,
      firstLossMs,
      firstColumnMs,
      backend,
      longestTaskMs,
    };
  } finally {
    await context.close();
  }
}

const browserVersion = browser.version();
const requested = values.backends.split(",");
const samples = new Map<string, Sample[]>();
const labSamples: LabSample[] = [];
const unavailable = new Map<string, string>();
try {
  const joinCode = await openClass();
  for (let round = 0; round < ROUNDS; round++) {
    for (const backend of requested) {
      if (unavailable.has(backend)) continue;
      const variants: Variant[] = [
        { backend, kind: "plain" },
        { backend, kind: "engine", telemetry: 10 },
        { backend, kind: "engine", telemetry: 0 },
      ];
      for (const v of variants) {
        const r = await benchPage(browser, v);
        if ("error" in r) {
          unavailable.set(backend, r.error);
          break;
        }
        samples.set(key(v), [...(samples.get(key(v)) ?? []), r]);
        console.log(
          `round ${round + 1} ${key(v)}: ${r.stepsPerSecond.toFixed(1)} steps/s` +
            (r.wasmThreads ? ` (${r.wasmThreads} WASM threads)` : ""),
        );
      }
    }
    const lab = await labSample(browser, joinCode, `Bench ${round + 1}`);
    console.log(`round ${round + 1} lab: ${JSON.stringify(lab)}`);
    labSamples.push(lab);
  }
} finally {
  await browser.close();
  server.kill("SIGTERM");
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const rate = (k: string) => median((samples.get(k) ?? []).map((r) => r.stepsPerSecond));

console.log(
  `\nChromium ${browserVersion} (headless, WebGL through SwiftShader here), ${ROUNDS} rounds of ${STEPS} steps after a 25-step warm-up`,
);
console.log(
  "backend  variant                      median steps/s   engine / plain   telemetry cost",
);
const report: Record<string, unknown> = { browser: browserVersion, rounds: ROUNDS, steps: STEPS };
for (const backend of requested) {
  if (unavailable.has(backend)) {
    console.log(`${backend.padEnd(9)}not available: ${unavailable.get(backend)}`);
    report[backend] = { unavailable: unavailable.get(backend) };
    continue;
  }
  const plain = rate(`${backend}/plain`);
  const off = rate(`${backend}/0`);
  const every10 = rate(`${backend}/10`);
  const rows: [string, number, string, string][] = [
    ["plain tfjs loop", plain, "", ""],
    [
      "engine, telemetry every 10",
      every10,
      `${(every10 / plain).toFixed(2)}x`,
      `${((off / every10 - 1) * 100).toFixed(1)}%`,
    ],
    ["engine, telemetry off", off, `${(off / plain).toFixed(2)}x`, ""],
  ];
  for (const [name, r, ratio, cost] of rows)
    console.log(
      `${backend.padEnd(9)}${name.padEnd(29)}${r.toFixed(1).padStart(14)}${ratio.padStart(17)}   ${cost}`,
    );
  report[backend] = { plain, engine10: every10, engineOff: off, ratio: every10 / plain };
}
const lab = {
  gzipJsKB: median(labSamples.map((s) => s.gzipJsBytes)) / 1024,
  jsFiles: median(labSamples.map((s) => s.jsFiles)),
  readyMs: median(labSamples.map((s) => s.readyMs)),
  firstLossMs: median(labSamples.map((s) => s.firstLossMs)),
  firstColumnMs: median(labSamples.map((s) => s.firstColumnMs)),
  firstColumnMsAll: labSamples.map((s) => Math.round(s.firstColumnMs)),
  longestTaskMs: median(labSamples.map((s) => s.longestTaskMs)),
  backend: labSamples.map((s) => s.backend).join(","),
};
console.log(
  `\nstudent lab (${lab.backend}): page JS before training ${lab.gzipJsKB.toFixed(1)} KB gzipped in ${lab.jsFiles} files; ` +
    `ready to train ${(lab.readyMs / 1000).toFixed(1)} s after the lab opens; Train to first loss point ${lab.firstLossMs.toFixed(0)} ms, to first heatmap column ${lab.firstColumnMs.toFixed(0)} ms (${lab.firstColumnMsAll.join(", ")}); ` +
    `longest main-thread task while training ${lab.longestTaskMs.toFixed(0)} ms (0: none over 50 ms)`,
);
report.lab = lab;
console.log(JSON.stringify(report));
