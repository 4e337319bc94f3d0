/** Is this config allowed by this challenge? Pure; every violation names its field. */
import type { NetworkConfig } from "../nn/config";
import { DATASETS } from "../nn/datasets/index";
import { networkLayout } from "../nn/layout";
import { MAX_WEIGHTS_BYTES_PER_RUN, weightsByteLength } from "../nn/weights";

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
import type { ChallengeSpec } from "./spec";

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

export interface Violation {
  field: keyof NetworkConfig;
  message: string;
}

export function checkConstraints(spec: ChallengeSpec, config: NetworkConfig): Violation[] {
  const violations: Violation[] = [];
  if (config.dataset !== spec.dataset) {
    violations.push({
      field: "dataset",
      message: `this challenge uses the ${spec.dataset} dataset`,
    });
  }
  for (const [field, value] of Object.entries(spec.locked) as [keyof NetworkConfig, unknown][]) {
    if (value !== undefined && config[field] !== value) {
      violations.push({ field, message: `locked to ${String(value)}` });
    }
  }
  for (const [field, values] of Object.entries(spec.allowed) as [
    keyof NetworkConfig,
    readonly unknown[] | undefined,
  ][]) {
    if (values && !values.includes(config[field])) {
      violations.push({ field, message: `must be one of ${values.join(", ")}` });
    }
  }
  for (const [field, r] of Object.entries(spec.ranges) as [
    keyof NetworkConfig,
    { min: number; max: number } | undefined,
  ][]) {
    const value = config[field] as number;
    if (r && (value < r.min || value > r.max)) {
      violations.push({ field, message: `must be between ${r.min} and ${r.max}` });
    }
  }
  const bytes = weightsByteLength(networkLayout(config, DATASETS[config.dataset]));
  if (bytes > MAX_WEIGHTS_BYTES_PER_RUN)
    violations.push({
      field: "width",
      message: `this network's weights take ${megabytes(bytes)}, and the class server accepts at most ${megabytes(MAX_WEIGHTS_BYTES_PER_RUN)} a run: use fewer or narrower layers`,
    });
  if (spec.objective.kind === "steps-to-target" && violations.length === 0) {
    const gflop = trainingGflop(config);
    if (gflop > MAX_REPRODUCTION_GFLOP)
      violations.push({
        field: "steps",
        message: `the server re-runs step-ranked training to check it: this config is ${gflop.toFixed(0)} GFLOP, at most ${MAX_REPRODUCTION_GFLOP} (fewer or narrower layers, smaller batches or fewer steps)`,
      });
  }
  return violations;
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
