/**
 * The verifier's speed: one run of the reference network (20 x 64 ReLU + He, trained a little on
 * the spiral) re-scored as the server does it, in-process on the WASM backend (per-run time, and
 * where it goes), then through the verifier's worker pool with its default threads (throughput:
 * runs submitted at once, verified runs per second).
 *
 *   npm run bench:verify [-- --runs 40 --threads N]
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { challengeSpecSchema } from "../../lib/challenges/spec";
import { BENCHMARK_CONFIG } from "../../lib/nn/config";
import { loadTrainSplit } from "../../lib/nn/datasets/index";
import { Trainer } from "../../lib/nn/trainer";
import { encodeWeights } from "../../lib/nn/weights";
import { selectBackend } from "../../server/engine/backend";
import { defaultVerifierThreads } from "../../server/verifier";
import { verifyRun } from "../../server/verifier/verify";
import { verifierFixture } from "../integration/verifier/fixture";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "40" }, threads: { type: "string" } },
});
const RUNS = Number(values.runs);
const THREADS = values.threads ? Number(values.threads) : defaultVerifierThreads();

const config = { ...BENCHMARK_CONFIG, steps: 50 };
const spec = challengeSpecSchema.parse({
  dataset: "spiral",
  objective: { kind: "accuracy" },
  prompt: "Benchmark",
});
const round = (x: number) => Number(x.toFixed(1));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await selectBackend("wasm");
const train = await loadTrainSplit(config.dataset, config.seed);
const trainer = new Trainer(config, train, { telemetryEvery: 0 });
await trainer.run(50);
const weights = encodeWeights(await trainer.weights());
const accuracy = (await trainer.evaluate(train)).accuracy;
trainer.dispose();
const claimed = { accuracy, loss: 0.5, steps: config.steps, diverged: false, divergedAtStep: null };

// In-process: what one verification costs on one thread. "new" networks differ in seed (their
// flow at initialization is probed); a "repeat" is the same network trained again with other
// settings (its flow at initialization is the one already probed).
const seeds = (i: number) => 1000 + i;
async function timeRuns(seedOf: (i: number) => number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 20) + 3; i++) {
    const t0 = performance.now();
    const out = await verifyRun({
      config: { ...config, seed: seedOf(i) },
      weights,
      spec,
      testSeed: 1,
      claimed,
    });
    if (!out.ok) throw new Error(out.failure);
    if (i >= 3) times.push(performance.now() - t0); // the first ones warm the WASM kernels
  }
  return times;
}
const fresh = await timeRuns(seeds);
const repeat = await timeRuns(() => config.seed);

// Through the pool, as the server verifies: RUNS stored runs queued at once.
const fixture = await verifierFixture(spec, 1, { threads: THREADS });
const ids: string[] = [];
for (let i = 0; i < RUNS; i++) {
  const { run } = await fixture.repos.runs.submit(fixture.participantId, {
    clientRunId: crypto.randomUUID(),
    challengeId: fixture.challengeId,
    config,
    backend: "wasm",
    weights,
    claimed,
    telemetry: [],
  });
  ids.push(run.id);
}
// Warm every thread first.
await Promise.all(ids.slice(0, THREADS).map((id) => fixture.verifier.verify(id)));
const t0 = performance.now();
await Promise.all(ids.slice(THREADS).map((id) => fixture.verifier.verify(id)));
const seconds = (performance.now() - t0) / 1000;
await fixture.close();

const result = {
  machine: `${availableParallelism()} cores, Node ${process.version}, tfjs WASM backend`,
  network: "20 x 64 ReLU + He, spiral (600 hidden test points, 600 train points)",
  perRunMs: {
    newNetwork: { median: round(median(fresh)), min: round(Math.min(...fresh)) },
    repeatNetwork: { median: round(median(repeat)), min: round(Math.min(...repeat)) },
  },
  pool: {
    threads: THREADS,
    runs: ids.length - THREADS,
    seconds: Number(seconds.toFixed(2)),
    runsPerSecond: Number(((ids.length - THREADS) / seconds).toFixed(1)),
  },
};
console.log(
  `verifier, ${result.network}\n${result.machine}\n` +
    `one run in-process, new network: median ${result.perRunMs.newNetwork.median} ms (min ${result.perRunMs.newNetwork.min} ms)\n` +
    `one run in-process, repeat network: median ${result.perRunMs.repeatNetwork.median} ms (min ${result.perRunMs.repeatNetwork.min} ms)\n` +
    `pool of ${THREADS} threads, new networks: ${result.pool.runs} runs in ${result.pool.seconds} s = ${result.pool.runsPerSecond} runs/s`,
);
console.log(JSON.stringify(result));
