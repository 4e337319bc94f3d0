/**
 * The student's lab over a long run, as a student sees it: the reference network (20 x 64 ReLU +
 * He, spiral) trained for `--steps` in the lab page, against the same training worker alone in a
 * page that draws nothing (/bench), alternating rounds in one browser. Prints, per round and as
 * medians: steps per second after the first chunk in each, their ratio, and the lab's main-thread
 * tasks over 50 ms (the longest, before and after the first 10 s of training, and how many), with
 * the long animation frames after 10 s. Needs `npm run build` first (npm run bench:lab does it).
 *
 *   npm run bench:lab [-- --rounds 3 --steps 3000 --backend wasm]
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser } from "@playwright/test";
import { BENCHMARK_CONFIG } from "../../lib/nn/config";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";
import { client, openChallenge, signUpTeacher } from "../support/sockets";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    steps: { type: "string", default: "3000" },
    backend: { type: "string", default: "wasm" },
  },
});
const ROUNDS = Number(values.rounds);
const STEPS = Number(values.steps);
const PORT = 3291;
const BASE = `http://127.0.0.1:${PORT}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(PORT),
    DATABASE_URL: `file:${join(tmpdir(), `vanishing-point-lab-bench-${Date.now()}.db`)}`,
    BETTER_AUTH_SECRET: "lab-benchmark-secret-of-32-characters-or-more",
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve, reject) => {
  server.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});

/** The worker alone: steps per second after its first chunk, in a page that draws nothing. */
async function alone(b: Browser): Promise<number> {
  const page = await (await b.newContext()).newPage();
  try {
    await page.goto(
      `${BASE}/bench?variant=engine&backend=${values.backend}&steps=${STEPS}&telemetry=10`,
    );
    const result = await page.locator("#bench-result").getAttribute("data-result", {
      timeout: 600_000,
    });
    return (JSON.parse(result!) as { stepsPerSecond: number }).stepsPerSecond;
  } finally {
    await page.context().close();
  }
}

interface LabRound {
  stepsPerSecond: number;
  longestMs: number;
  longestAfter10sMs: number;
  over50: number;
  longFramesAfter10s: number;
}

async function lab(b: Browser, joinCode: string, n: number): Promise<LabRound> {
  const page = await (await b.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  try {
    // tsx names the functions handed to page.evaluate with a helper the page does not have.
    await page.addInitScript({ content: "window.__name = (f) => f;" });
    await page.goto(`${BASE}/join/${joinCode}`);
    await page.getByLabel("Nickname").fill(`Lab ${n}`);
    await page.getByRole("button", { name: "Join the class" }).click();
    await page.getByLabel(/Training steps/).fill(String(STEPS));
    await page.locator(".backend-ready").waitFor({ timeout: 120_000 });
    const measured = page.evaluate(
      (steps) =>
        new Promise<Omit<LabRound, "stepsPerSecond"> & { seconds: number; from: number }>(
          (resolve) => {
            const tasks: [number, number][] = [];
            const frames: number[] = [];
            new PerformanceObserver((l) => {
              for (const e of l.getEntries()) tasks.push([e.startTime, e.duration]);
            }).observe({ type: "longtask" });
            try {
              new PerformanceObserver((l) => {
                for (const e of l.getEntries()) frames.push(e.startTime);
              }).observe({ type: "long-animation-frame" });
            } catch {
              // Not in this browser: counted as none.
            }
            const button = [...document.querySelectorAll("button")].find(
              (el) => el.textContent === "Train",
            )!;
            const t0 = performance.now();
            let from = 0;
            let fromStep = 0;
            const step = () => Number(/Step (\d+) of/.exec(document.body.innerText)?.[1] ?? "0");
            const poll = () => {
              const s = step();
              if (!from && s >= 25) {
                from = performance.now();
                fromStep = s;
              }
              if (/Training finished/.test(document.body.innerText) && s >= steps) {
                const after = t0 + 10_000;
                resolve({
                  seconds: (performance.now() - from) / 1000,
                  from: fromStep,
                  longestMs: Math.max(0, ...tasks.map((t) => t[1])),
                  longestAfter10sMs: Math.max(
                    0,
                    ...tasks.filter((t) => t[0] > after).map((t) => t[1]),
                  ),
                  over50: tasks.length,
                  longFramesAfter10s: frames.filter((f) => f > after).length,
                });
                return;
              }
              setTimeout(poll, 50);
            };
            button.click();
            poll();
          },
        ),
      STEPS,
    );
    const m = await measured;
    return { ...m, stepsPerSecond: (STEPS - m.from) / m.seconds };
  } finally {
    await page.context().close();
  }
}

const teacher = await client(BASE, {
  cookie: await signUpTeacher(BASE, `lab-bench-${Date.now()}@school.test`, { origin: BASE }),
  origin: BASE,
});
const { joinCode } = await openChallenge(teacher, "Lab benchmark", {
  title: "A long run",
  spec: {
    dataset: BENCHMARK_CONFIG.dataset,
    locked: {
      depth: BENCHMARK_CONFIG.depth,
      width: BENCHMARK_CONFIG.width,
      activation: BENCHMARK_CONFIG.activation,
      init: BENCHMARK_CONFIG.init,
    },
    ranges: { steps: { min: 1, max: STEPS } },
    objective: { kind: "accuracy" },
    prompt: "Train the reference network for a long run.",
  },
});
teacher.disconnect();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const rounds: (LabRound & { aloneStepsPerSecond: number })[] = [];
try {
  console.log(`${STEPS} steps of 20 x 64 ReLU + He on ${values.backend}, ${ROUNDS} rounds`);
  for (let r = 0; r < ROUNDS; r++) {
    const aloneStepsPerSecond = await alone(browser);
    const round = { ...(await lab(browser, joinCode, r)), aloneStepsPerSecond };
    rounds.push(round);
    console.log(
      `round ${r + 1}: worker alone ${aloneStepsPerSecond.toFixed(1)} steps/s, lab ${round.stepsPerSecond.toFixed(1)} (${(round.stepsPerSecond / aloneStepsPerSecond).toFixed(2)}x); tasks > 50 ms: ${round.over50}, longest ${round.longestMs.toFixed(0)} ms (after 10 s: ${round.longestAfter10sMs.toFixed(0)} ms); long animation frames after 10 s: ${round.longFramesAfter10s}`,
    );
  }
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
const pick = (f: (r: (typeof rounds)[number]) => number) => median(rounds.map(f));
const summary = {
  steps: STEPS,
  backend: values.backend,
  aloneStepsPerSecond: pick((r) => r.aloneStepsPerSecond),
  labStepsPerSecond: pick((r) => r.stepsPerSecond),
  ratio: pick((r) => r.stepsPerSecond / r.aloneStepsPerSecond),
  longestTaskMs: pick((r) => r.longestMs),
  longestTaskAfter10sMs: pick((r) => r.longestAfter10sMs),
  tasksOver50: pick((r) => r.over50),
  longFramesAfter10s: pick((r) => r.longFramesAfter10s),
};
console.log(
  `medians: worker alone ${summary.aloneStepsPerSecond.toFixed(1)} steps/s, lab ${summary.labStepsPerSecond.toFixed(1)} (${summary.ratio.toFixed(2)}x); longest task ${summary.longestTaskMs.toFixed(0)} ms, after 10 s ${summary.longestTaskAfter10sMs.toFixed(0)} ms; ${summary.tasksOver50} tasks over 50 ms; ${summary.longFramesAfter10s} long frames after 10 s`,
);
console.log(JSON.stringify(summary));
