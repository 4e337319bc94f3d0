/**
 * The network configuration a student edits: one zod schema, serialisable to JSON and to a URL.
 * Everything the engine builds or trains is derived from a parsed `NetworkConfig`.
 */
import { z } from "zod";

export const ACTIVATIONS = [
  "sigmoid",
  "tanh",
  "relu",
  "leaky-relu",
  "elu",
  "selu",
  "linear",
] as const;
export const INITIALIZERS = [
  "normal",
  "uniform",
  "glorot-uniform",
  "glorot-normal",
  "he-normal",
  "he-uniform",
  "lecun-normal",
] as const;
export const BATCH_NORM_PLACEMENTS = ["off", "before", "after"] as const;
export const OPTIMIZERS = ["sgd", "momentum", "adam"] as const;
export const DATASET_KEYS = ["spiral", "circles", "xor", "blobs", "digits"] as const;

export type Activation = (typeof ACTIVATIONS)[number];
export type InitializerKind = (typeof INITIALIZERS)[number];
export type BatchNormPlacement = (typeof BATCH_NORM_PLACEMENTS)[number];
export type OptimizerKind = (typeof OPTIMIZERS)[number];
export type DatasetKey = (typeof DATASET_KEYS)[number];

export const MAX_DEPTH = 50;
export const MIN_WIDTH = 2;
export const MAX_WIDTH = 512;
export const MIN_BATCH_SIZE = 2;
export const MAX_BATCH_SIZE = 1024;
export const MAX_STEPS = 20_000;
/** The naive initializers' standard deviation, and the learning rate, at most. */
export const MAX_SIGMA = 10;
export const MAX_LEARNING_RATE = 10;
export const MAX_SEED = 2 ** 32 - 1;

export const networkConfigSchema = z
  .object({
    /** Number of hidden dense layers (the output layer is extra). */
    depth: z.number().int().min(1).max(MAX_DEPTH),
    /** Units in every hidden layer. */
    width: z.number().int().min(MIN_WIDTH).max(MAX_WIDTH),
    activation: z.enum(ACTIVATIONS),
    init: z.enum(INITIALIZERS),
    /** Standard deviation of the naive `normal` and `uniform` initializers; ignored by the others. */
    sigma: z.number().positive().max(MAX_SIGMA),
    /** Where batch normalization sits relative to the nonlinearity. */
    batchNorm: z.enum(BATCH_NORM_PLACEMENTS),
    /** Keras/tfjs convention: moving = momentum * moving + (1 - momentum) * batch. */
    bnMomentum: z.number().min(0).max(0.9999),
    bnEpsilon: z.number().positive().max(1),
    optimizer: z.enum(OPTIMIZERS),
    learningRate: z.number().positive().max(MAX_LEARNING_RATE),
    /** Momentum coefficient of the `momentum` optimizer (also Adam's beta1 is fixed at 0.9). */
    momentum: z.number().min(0).max(0.999),
    batchSize: z.number().int().min(MIN_BATCH_SIZE).max(MAX_BATCH_SIZE),
    steps: z.number().int().min(1).max(MAX_STEPS),
    seed: z.number().int().min(0).max(MAX_SEED),
    dataset: z.enum(DATASET_KEYS),
  })
  .strict();

export type NetworkConfig = z.infer<typeof networkConfigSchema>;

export const DEFAULT_CONFIG: NetworkConfig = {
  depth: 3,
  width: 32,
  activation: "relu",
  init: "he-normal",
  sigma: 1,
  batchNorm: "off",
  bnMomentum: 0.99,
  bnEpsilon: 1e-3,
  optimizer: "adam",
  learningRate: 0.01,
  momentum: 0.9,
  batchSize: 64,
  steps: 500,
  seed: 0,
  dataset: "spiral",
};

/** The benchmarks' reference network: 20 x 64 ReLU + He, batch 64, Adam (lr 1e-3), spiral. */
export const BENCHMARK_CONFIG: NetworkConfig = {
  ...DEFAULT_CONFIG,
  depth: 20,
  width: 64,
  activation: "relu",
  init: "he-normal",
  batchNorm: "off",
  optimizer: "adam",
  learningRate: 1e-3,
  batchSize: 64,
  steps: MAX_STEPS,
  dataset: "spiral",
};

/** One precise problem with a config, naming the field it concerns. */
export interface ConfigIssue {
  field: string;
  message: string;
}

export type ConfigResult =
  { ok: true; config: NetworkConfig } | { ok: false; issues: ConfigIssue[] };

function toIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join(".") : "(config)",
    message: issue.message,
  }));
}

/** Parses an unknown value (JSON, a form, a socket payload) into a config. */
export function parseConfig(input: unknown): ConfigResult {
  const result = networkConfigSchema.safeParse(input);
  return result.success
    ? { ok: true, config: result.data }
    : { ok: false, issues: toIssues(result.error) };
}

/** Like `parseConfig` but throws one readable error listing every issue. */
export function assertConfig(input: unknown): NetworkConfig {
  const result = parseConfig(input);
  if (!result.ok) throw new Error(formatConfigIssues(result.issues));
  return result.config;
}

export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join("; ");
}

const NUMERIC_FIELDS = new Set<keyof NetworkConfig>([
  "depth",
  "width",
  "sigma",
  "bnMomentum",
  "bnEpsilon",
  "learningRate",
  "momentum",
  "batchSize",
  "steps",
  "seed",
]);

/** Writes every field of the config as a URL query parameter, in schema order. */
export function configToSearchParams(config: NetworkConfig): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(networkConfigSchema.shape) as (keyof NetworkConfig)[]) {
    params.set(key, String(config[key]));
  }
  return params;
}

/**
 * Reads a config from URL query parameters. Missing fields fall back to `defaults`; fields that are
 * present must be valid (a malformed number is an issue, never silently replaced).
 */
export function configFromSearchParams(
  params: URLSearchParams,
  defaults: NetworkConfig = DEFAULT_CONFIG,
): ConfigResult {
  const raw: Record<string, unknown> = { ...defaults };
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(networkConfigSchema.shape) as (keyof NetworkConfig)[]) {
    const value = params.get(key);
    if (value === null) continue;
    if (NUMERIC_FIELDS.has(key)) {
      const n = value.trim() === "" ? Number.NaN : Number(value);
      if (!Number.isFinite(n)) issues.push({ field: key, message: `not a number: "${value}"` });
      raw[key] = n;
    } else {
      raw[key] = value;
    }
  }
  const parsed = parseConfig(raw);
  if (issues.length > 0) {
    const others = parsed.ok
      ? []
      : parsed.issues.filter((i) => !issues.some((j) => j.field === i.field));
    return { ok: false, issues: [...issues, ...others] };
  }
  return parsed;
}
