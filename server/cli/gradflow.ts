/**
 * The gradient-flow probe from the command line. Prints one JSON object on stdout; bad arguments
 * print one line on stderr and exit with code 2.
 *
 *   npm run --silent gradflow -- --depth 20 --width 64 --activation relu --init he-normal \
 *     --batch-norm before --batch 128 --input-dim 64 --classes 10 --data gaussian --seeds 0,1,2,3,4
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  ACTIVATIONS,
  BATCH_NORM_PLACEMENTS,
  DATASET_KEYS,
  INITIALIZERS,
  MAX_DEPTH,
  MAX_WIDTH,
} from "../../lib/nn/config";
import { loadTrainSplit } from "../../lib/nn/datasets/index";
import { gaussianProbeBatch, probeGradientFlow, sampleProbeBatch } from "../../lib/nn/probe";
import { summarizeGradientFlow } from "../../lib/nn/summary";
import { selectBackend } from "../engine/backend";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const argsSchema = z.object({
  depth: int(1, MAX_DEPTH).default(20),
  width: int(2, MAX_WIDTH).default(64),
  activation: z.enum(ACTIVATIONS).default("relu"),
  init: z.enum(INITIALIZERS).default("he-normal"),
  sigma: z.coerce.number().positive().max(10).default(1),
  "batch-norm": z.enum(BATCH_NORM_PLACEMENTS).default("off"),
  "bn-epsilon": z.coerce.number().positive().max(1).default(1e-3),
  batch: int(2, 4096).default(128),
  "input-dim": int(1, 1024).default(64),
  classes: int(2, 100).default(10),
  data: z.enum(["gaussian", ...DATASET_KEYS]).default("gaussian"),
  seeds: z
    .string()
    .regex(/^\d+(,\d+)*$/, "a comma-separated list of non-negative integers")
    .transform((s) => s.split(",").map(Number))
    .default([0]),
  backend: z.enum(["cpu", "wasm"]).default("cpu"),
});

function fail(message: string): never {
  process.stderr.write(`gradflow: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: Record<string, unknown>;
  try {
    const options = Object.fromEntries(
      Object.keys(argsSchema.shape).map((k) => [k, { type: "string" as const }]),
    );
    values = parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    fail((error as Error).message.split("\n")[0]!);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(`--${issue.path.join(".")}: ${issue.message}`);
  }
  const a = parsed.data;
  await selectBackend(a.backend);
  const split = a.data === "gaussian" ? null : await loadTrainSplit(a.data, 0);
  const inputDim = split?.inputDim ?? a["input-dim"];
  const classes = split?.classes ?? a.classes;
  const runs = [];
  for (const seed of a.seeds) {
    const batch = split
      ? sampleProbeBatch(split, seed, a.batch)
      : gaussianProbeBatch(seed, a.batch, inputDim, classes);
    const config = {
      depth: a.depth,
      width: a.width,
      activation: a.activation,
      init: a.init,
      sigma: a.sigma,
      batchNorm: a["batch-norm"],
      bnEpsilon: a["bn-epsilon"],
      seed,
    };
    const result = await probeGradientFlow(config, batch);
    runs.push({
      seed,
      loss: result.loss,
      layers: result.layers.map(({ updateRatio: _unused, ...layer }) => layer),
    });
  }
  const output = {
    config: {
      depth: a.depth,
      width: a.width,
      activation: a.activation,
      init: a.init,
      sigma: a.sigma,
      batchNorm: a["batch-norm"],
      bnEpsilon: a["bn-epsilon"],
      batch: a.batch,
      inputDim,
      classes,
      data: a.data,
      seeds: a.seeds,
      backend: a.backend,
    },
    runs,
    summary: summarizeGradientFlow(runs),
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`gradflow: ${(error as Error).message}\n`);
  process.exit(1);
});
