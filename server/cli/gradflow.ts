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

/** Whole numbers as written: digits only (no 0x10, no 1e1). */
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
/** Decimal numbers as written (1, 0.5, 1e-3). */
const decimal = () =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, "a decimal number")
    .transform(Number);
const argsSchema = z.object({
  depth: int(1, MAX_DEPTH).default(20),
  width: int(2, MAX_WIDTH).default(64),
  activation: z.enum(ACTIVATIONS).default("relu"),
  init: z.enum(INITIALIZERS).default("he-normal"),
  sigma: decimal().pipe(z.number().positive().max(10)).default(1),
  "batch-norm": z.enum(BATCH_NORM_PLACEMENTS).default("off"),
  "bn-epsilon": decimal().pipe(z.number().positive().max(1)).default(1e-3),
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

/** parseArgs reads "-1" as an option: a negative number right after a flag joins it (--sigma=-1). */
function joinNegativeNumbers(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg.startsWith("--") && !arg.includes("=") && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

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
    const argv = joinNegativeNumbers(process.argv.slice(2));
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
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
  if (split && a.batch > split.count)
    fail(
      `--batch: the ${a.data} training split has ${split.count} rows; ask for at most that many`,
    );
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
  // JSON has no Infinity or NaN: a value past float32's range (3.4e38) prints as null.
  const overflowed = runs
    .flatMap((r) => r.layers.flatMap((l) => Object.values(l)))
    .filter((v) => typeof v === "number" && !Number.isFinite(v)).length;
  if (overflowed > 0)
    process.stderr.write(
      `gradflow: ${overflowed} values overflowed float32 (past 3.4e38, or NaN after it) and print as null\n`,
    );
}

main().catch((error: unknown) => {
  process.stderr.write(`gradflow: ${(error as Error).message}\n`);
  process.exit(1);
});
