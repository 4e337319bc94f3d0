"use client";
/** The network's knobs; what the challenge locks is shown locked, what it limits is bounded. */
import { useTranslations } from "next-intl";
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
  type BatchNormPlacement,
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

/** The number knobs; each one's label is in the catalog under configForm.numbers.KEY. */
const NUMBERS: {
  key: "depth" | "width" | "sigma" | "learningRate" | "batchSize" | "steps" | "seed";
  step: number;
  min: number;
  max: number;
}[] = [
  // The engine's limits (lib/nn/config.ts), narrowed by the challenge's ranges below.
  { key: "depth", step: 1, min: 1, max: MAX_DEPTH },
  { key: "width", step: 1, min: MIN_WIDTH, max: MAX_WIDTH },
  { key: "sigma", step: 0.01, min: 0.001, max: MAX_SIGMA },
  { key: "learningRate", step: 0.0001, min: 0.0001, max: MAX_LEARNING_RATE },
  { key: "batchSize", step: 1, min: MIN_BATCH_SIZE, max: MAX_BATCH_SIZE },
  { key: "steps", step: 10, min: 1, max: MAX_STEPS },
  { key: "seed", step: 1, min: 0, max: MAX_SEED },
];

export function ConfigForm({ spec, config, onChange, disabled }: Props) {
  const t = useTranslations("configForm");
  const locked = (key: keyof NetworkConfig) => key in spec.locked;
  const set = (key: keyof NetworkConfig, value: string | number) =>
    onChange({ ...config, [key]: value });
  return (
    <fieldset className="config" disabled={disabled}>
      <legend>{t("legend")}</legend>
      {(Object.keys(CHOICES) as (keyof typeof CHOICES)[]).map((key) => {
        const allowed =
          (spec.allowed as Partial<Record<string, readonly string[]>>)[key] ?? CHOICES[key];
        return (
          <label key={key}>
            {t(`choices.${key}`)}
            {locked(key) && <span className="lock"> {t("locked")}</span>}
            <select
              value={String(config[key])}
              disabled={locked(key)}
              onChange={(e) => set(key, e.target.value)}
            >
              {allowed.map((v) => (
                <option key={v} value={v}>
                  {key === "batchNorm" ? t(`batchNormChoices.${v as BatchNormPlacement}`) : v}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      {NUMBERS.map(({ key, step, min, max }) => {
        const range = (spec.ranges as Partial<Record<string, { min: number; max: number }>>)[key];
        return (
          <label key={key}>
            {t(`numbers.${key}`)}
            {locked(key) && <span className="lock"> {t("locked")}</span>}
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
