"use client";
/** The network's knobs; what the challenge locks is shown locked, what it limits is bounded. */
import type { ChallengeView } from "../../../lib/protocol/views";
import {
  ACTIVATIONS,
  BATCH_NORM_PLACEMENTS,
  INITIALIZERS,
  OPTIMIZERS,
  MAX_BATCH_SIZE,
  MAX_DEPTH,
  MAX_LEARNING_RATE,
  MAX_SEED,
  MAX_SIGMA,
  MAX_STEPS,
  MAX_WIDTH,
  MIN_BATCH_SIZE,
  MIN_WIDTH,
  type NetworkConfig,
} from "../../../lib/nn/config";

type Spec = ChallengeView["spec"];

interface Props {
  spec: Spec;
  config: NetworkConfig;
  onChange: (config: NetworkConfig) => void;
  disabled: boolean;
}

const CHOICES = {
  activation: ACTIVATIONS,
  init: INITIALIZERS,
  batchNorm: BATCH_NORM_PLACEMENTS,
  optimizer: OPTIMIZERS,
} as const;

const NUMBERS: {
  key: keyof NetworkConfig;
  label: string;
  step: number;
  min: number;
  max: number;
}[] = [
  // The engine's limits (lib/nn/config.ts), narrowed by the challenge's ranges below.
  { key: "depth", label: "Hidden layers", step: 1, min: 1, max: MAX_DEPTH },
  { key: "width", label: "Units per layer", step: 1, min: MIN_WIDTH, max: MAX_WIDTH },
  { key: "sigma", label: "Init sigma (normal/uniform)", step: 0.01, min: 0.001, max: MAX_SIGMA },
  {
    key: "learningRate",
    label: "Learning rate",
    step: 0.0001,
    min: 0.0001,
    max: MAX_LEARNING_RATE,
  },
  { key: "batchSize", label: "Batch size", step: 1, min: MIN_BATCH_SIZE, max: MAX_BATCH_SIZE },
  { key: "steps", label: "Training steps", step: 10, min: 1, max: MAX_STEPS },
  { key: "seed", label: "Seed", step: 1, min: 0, max: MAX_SEED },
];

export function ConfigForm({ spec, config, onChange, disabled }: Props) {
  const locked = (key: keyof NetworkConfig) => key in spec.locked;
  const set = (key: keyof NetworkConfig, value: string | number) =>
    onChange({ ...config, [key]: value });
  return (
    <fieldset className="config" disabled={disabled}>
      <legend>Network</legend>
      {(Object.keys(CHOICES) as (keyof typeof CHOICES)[]).map((key) => {
        const allowed =
          (spec.allowed as Partial<Record<string, readonly string[]>>)[key] ?? CHOICES[key];
        return (
          <label key={key}>
            {key === "init"
              ? "Initializer"
              : key === "batchNorm"
                ? "Batch norm"
                : key[0]!.toUpperCase() + key.slice(1)}
            {locked(key) && <span className="lock"> (locked)</span>}
            <select
              value={String(config[key])}
              disabled={locked(key)}
              onChange={(e) => set(key, e.target.value)}
            >
              {allowed.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      {NUMBERS.map(({ key, label, step, min, max }) => {
        const range = (spec.ranges as Partial<Record<string, { min: number; max: number }>>)[key];
        return (
          <label key={key}>
            {label}
            {locked(key) && <span className="lock"> (locked)</span>}
            <input
              type="number"
              value={config[key] as number}
              step={step}
              min={range?.min ?? min}
              max={range?.max ?? max}
              disabled={locked(key)}
              onChange={(e) => set(key, e.target.valueAsNumber)}
            />
          </label>
        );
      })}
    </fieldset>
  );
}
