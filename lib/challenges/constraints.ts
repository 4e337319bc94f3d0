/**
 * Is this config allowed by this challenge? Pure; every violation names its field, and says why as
 * a code with its numbers (the lab words it in the reader's language) and as an English message
 * (for the server's answer to a refused run, read by programs).
 */
import { networkConfigSchema, type NetworkConfig } from "../nn/config";
import { DATASETS } from "../nn/datasets/index";
import { networkLayout } from "../nn/layout";
import { MAX_WEIGHTS_BYTES_PER_RUN, weightsByteLength } from "../nn/weights";
import type { ChallengeSpec } from "./spec";

const MIB = 2 ** 20;
const megabytes = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;

/**
 * The most training the server re-runs to check a step-ranked run (see verify.ts): about 6 s of
 * one verifier thread on the WASM backend of the project's 2-core machine.
 */
export const MAX_REPRODUCTION_GFLOP = 20;

/** Floating-point work of training a config: forward and backward, about 6 per parameter per row. */
export function trainingGflop(config: NetworkConfig): number {
  const { size } = networkLayout(config, DATASETS[config.dataset]);
  return (6 * size * config.batchSize * config.steps) / 1e9;
}

/** Why a config is refused, as data: a code and the numbers its sentence needs. */
export type Problem =
  | { code: "dataset"; params: { dataset: string } }
  | { code: "locked"; params: { value: string | number } }
  | { code: "notAllowed"; params: { values: string[] } }
  | { code: "outOfRange"; params: { min: number; max: number } }
  /** Sizes in MiB. */
  | { code: "weightsTooLarge"; params: { mib: number; maxMib: number } }
  | { code: "reproductionTooCostly"; params: { gflop: number; maxGflop: number } }
  /** A config the engine itself refuses (lib/nn/config.ts): `moreThan` when `min` is excluded. */
  | { code: "tooSmall"; params: { min: number } }
  | { code: "moreThan"; params: { min: number } }
  | { code: "tooBig"; params: { max: number } }
  | { code: "notANumber"; params: Record<string, never> }
  | { code: "notInteger"; params: Record<string, never> }
  | { code: "invalid"; params: Record<string, never> };

export type Violation = { field: keyof NetworkConfig; message: string } & Problem;

export function checkConstraints(spec: ChallengeSpec, config: NetworkConfig): Violation[] {
  const violations: Violation[] = [];
  if (config.dataset !== spec.dataset) {
    violations.push({
      field: "dataset",
      code: "dataset",
      params: { dataset: spec.dataset },
      message: `this challenge uses the ${spec.dataset} dataset`,
    });
  }
  for (const [field, value] of Object.entries(spec.locked) as [keyof NetworkConfig, unknown][]) {
    if (value !== undefined && config[field] !== value) {
      violations.push({
        field,
        code: "locked",
        params: { value: typeof value === "number" ? value : String(value) },
        message: `locked to ${String(value)}`,
      });
    }
  }
  for (const [field, values] of Object.entries(spec.allowed) as [
    keyof NetworkConfig,
    readonly unknown[] | undefined,
  ][]) {
    if (values && !values.includes(config[field])) {
      violations.push({
        field,
        code: "notAllowed",
        params: { values: values.map(String) },
        message: `must be one of ${values.join(", ")}`,
      });
    }
  }
  for (const [field, r] of Object.entries(spec.ranges) as [
    keyof NetworkConfig,
    { min: number; max: number } | undefined,
  ][]) {
    const value = config[field] as number;
    if (r && (value < r.min || value > r.max)) {
      violations.push({
        field,
        code: "outOfRange",
        params: { min: r.min, max: r.max },
        message: `must be between ${r.min} and ${r.max}`,
      });
    }
  }
  const bytes = weightsByteLength(networkLayout(config, DATASETS[config.dataset]));
  if (bytes > MAX_WEIGHTS_BYTES_PER_RUN)
    violations.push({
      field: "width",
      code: "weightsTooLarge",
      params: { mib: bytes / MIB, maxMib: MAX_WEIGHTS_BYTES_PER_RUN / MIB },
      message: `this network's weights take ${megabytes(bytes)}, and the class server accepts at most ${megabytes(MAX_WEIGHTS_BYTES_PER_RUN)} a run: use fewer or narrower layers`,
    });
  if (spec.objective.kind === "steps-to-target" && violations.length === 0) {
    const gflop = trainingGflop(config);
    if (gflop > MAX_REPRODUCTION_GFLOP)
      violations.push({
        field: "steps",
        code: "reproductionTooCostly",
        params: { gflop, maxGflop: MAX_REPRODUCTION_GFLOP },
        message: `the server re-runs step-ranked training to check it: this config is ${gflop.toFixed(0)} GFLOP, at most ${MAX_REPRODUCTION_GFLOP} (fewer or narrower layers, smaller batches or fewer steps)`,
      });
  }
  return violations;
}

/** One field of a config the engine refuses (lib/nn/config.ts), and why. */
export type ConfigProblem = { field: string } & Problem;

/**
 * What is wrong with a config before any challenge's rules, as codes: the schema's own limits (a
 * cleared number field, a depth past the engine's maximum).
 */
export function configProblems(input: unknown): ConfigProblem[] {
  const parsed = networkConfigSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue): ConfigProblem => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(config)";
    const none = {} as Record<string, never>;
    switch (issue.code) {
      case "too_small":
        return issue.inclusive === false
          ? { field, code: "moreThan", params: { min: Number(issue.minimum) } }
          : { field, code: "tooSmall", params: { min: Number(issue.minimum) } };
      case "too_big":
        return { field, code: "tooBig", params: { max: Number(issue.maximum) } };
      case "invalid_type":
        return issue.expected === "int"
          ? { field, code: "notInteger", params: none }
          : { field, code: "notANumber", params: none };
      case "invalid_value":
        return { field, code: "notAllowed", params: { values: issue.values.map(String) } };
      default:
        return { field, code: "invalid", params: none };
    }
  });
}

/** The spec with more knobs locked (a sweep slot's cell and seed), checked and shown as its own. */
export function withLocks(
  spec: ChallengeSpec,
  locks: Omit<Partial<NetworkConfig>, "dataset">,
): ChallengeSpec {
  return { ...spec, locked: { ...spec.locked, ...locks } };
}

/** The config a student starts from: the defaults with the challenge's locks applied. */
export function startingConfig(spec: ChallengeSpec, defaults: NetworkConfig): NetworkConfig {
  const config: NetworkConfig = { ...defaults, ...spec.locked, dataset: spec.dataset };
  for (const [field, values] of Object.entries(spec.allowed) as [
    keyof NetworkConfig,
    readonly unknown[] | undefined,
  ][]) {
    if (values && !values.includes(config[field]))
      (config as Record<string, unknown>)[field] = values[0];
  }
  for (const [field, r] of Object.entries(spec.ranges) as [
    keyof NetworkConfig,
    { min: number; max: number } | undefined,
  ][]) {
    if (r)
      (config as Record<string, unknown>)[field] = Math.min(
        r.max,
        Math.max(r.min, config[field] as number),
      );
  }
  return config;
}
