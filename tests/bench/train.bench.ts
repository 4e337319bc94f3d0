/**
 * Training speed of the engine against a plain tfjs loop of the same math, side by side in one run.
 *
 * Reference config: 20 hidden layers x 64 ReLU units, He init, batch 64, Adam (lr 1e-3), spiral.
 * Variants, each measured ROUNDS times in alternation (this machine is shared and noisy):
 *   engine/telemetry every step   - explicit forward/backward, per-layer telemetry reduced every step
 *   engine/telemetry every 10     - the default cadence of the trainer
 *   engine/no telemetry           - the same step with telemetry off
 *   plain tfjs                    - tf.variable per layer, tf ops forward, optimizer.minimize (autodiff)
 * Prints medians of steps/s and their ratios to the plain loop.
 *
 *   npm run bench:train [-- --backend cpu|wasm|all --rounds 5 --steps 100]
 */
import { parseArgs } from "node:util";
import { BENCHMARK_CONFIG } from "../../lib/nn/config";
import { loadTrainSplit, type Split } from "../../lib/nn/datasets/index";
import { baselineLoop } from "../../lib/nn/baseline";
import { Trainer } from "../../lib/nn/trainer";
import { selectBackend, type NodeBackend } from "../../server/engine/backend";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "all" },
    rounds: { type: "string", default: "5" },
    steps: { type: "string", default: "100" },
  },
});
const ROUNDS = Number(values.rounds);
const STEPS = Number(values.steps);
const backends: NodeBackend[] =
  values.backend === "all" ? ["cpu", "wasm"] : [values.backend as NodeBackend];

const REFERENCE = BENCHMARK_CONFIG;

type Variant = (train: Split) => { run: (steps: number) => Promise<void>; dispose: () => void };

function engine(telemetryEvery: number): Variant {
  return (train) => {
    const trainer = new Trainer(REFERENCE, train, { telemetryEvery });
    return {
      run: async (steps) => {
        await trainer.advance(steps);
      },
      dispose: () => trainer.dispose(),
    };
  };
}

/** What a tfjs user would write (lib/nn/baseline.ts). */
const plain: Variant = (train) => {
  const loop = baselineLoop(REFERENCE, train);
  return {
    run: async (steps) => {
      await loop.run(steps);
    },
    dispose: () => loop.dispose(),
  };
};

const VARIANTS: [string, Variant][] = [
  ["engine, telemetry every step", engine(1)],
  ["engine, telemetry every 10 steps", engine(10)],
  ["engine, no telemetry", engine(0)],
  ["plain tfjs loop (autodiff)", plain],
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const train = await loadTrainSplit("spiral", 0);
for (const backend of backends) {
  await selectBackend(backend);
  const instances = VARIANTS.map(([name, make]) => ({
    name,
    bench: make(train),
    samples: [] as number[],
  }));
  for (const i of instances) await i.bench.run(10); // warm-up: kernels, caches, optimizer slots
  for (let r = 0; r < ROUNDS; r++) {
    for (const i of instances) {
      const t0 = performance.now();
      await i.bench.run(STEPS);
      i.samples.push(STEPS / ((performance.now() - t0) / 1000));
    }
  }
  const plainRate = median(instances.at(-1)!.samples);
  const noTelemetry = median(instances[2]!.samples);
  console.log(
    `\nbackend ${backend}: 20 x 64 ReLU + He, batch 64, Adam, spiral; ${ROUNDS} rounds of ${STEPS} steps`,
  );
  console.log("variant                               median steps/s   vs plain   telemetry cost");
  for (const i of instances) {
    const rate = median(i.samples);
    const cost = i.name.startsWith("engine, telemetry")
      ? `${((noTelemetry / rate - 1) * 100).toFixed(1)}%`
      : "";
    console.log(
      `${i.name.padEnd(38)}${rate.toFixed(1).padStart(14)}${(rate / plainRate).toFixed(2).padStart(10)}x   ${cost}`,
    );
    i.bench.dispose();
  }
}
