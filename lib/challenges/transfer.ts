/**
 * The post-check's transfer items: networks a student predicts for after their own run, without
 * training them. Each is a network this app's probe measures at initialization (seed TRANSFER_SEED,
 * on the challenge's dataset); the answer is always the probe's, never written here. Each item's
 * name is the English catalog's (lib/i18n/messages/en/transfer.json), translated beside it. Pure.
 */
import { z } from "zod";
import EN from "../i18n/messages/en/transfer.json" with { type: "json" };
import { DEFAULT_CONFIG, type DatasetKey, type NetworkConfig } from "../nn/config";
import {
  PROFILE_POINTS,
  VERDICT_POINTS,
  scorePrediction,
  type Measured,
  type PredictionInput,
} from "./prediction";

/** The seed the transfer network is drawn and probed with. */
export const TRANSFER_SEED = 0;

/** English, as the catalog holds it. */
const title = (key: keyof typeof EN): string => EN[key].title;

export const TRANSFER_ITEMS = {
  "relu-he-bn-30": {
    title: title("relu-he-bn-30"),
    config: { depth: 30, width: 32, activation: "relu", init: "he-normal", batchNorm: "before" },
  },
  "relu-he-20": {
    title: title("relu-he-20"),
    config: { depth: 20, width: 32, activation: "relu", init: "he-normal", batchNorm: "off" },
  },
  "tanh-glorot-20": {
    title: title("tanh-glorot-20"),
    config: { depth: 20, width: 32, activation: "tanh", init: "glorot-uniform", batchNorm: "off" },
  },
  "sigmoid-glorot-20": {
    title: title("sigmoid-glorot-20"),
    config: {
      depth: 20,
      width: 32,
      activation: "sigmoid",
      init: "glorot-uniform",
      batchNorm: "off",
    },
  },
  "sigmoid-bn-12": {
    title: title("sigmoid-bn-12"),
    config: {
      depth: 12,
      width: 32,
      activation: "sigmoid",
      init: "glorot-uniform",
      batchNorm: "before",
    },
  },
} as const satisfies Record<string, { title: string; config: Partial<NetworkConfig> }>;

export type TransferKey = keyof typeof TRANSFER_ITEMS;
export const TRANSFER_KEYS = Object.keys(TRANSFER_ITEMS) as [TransferKey, ...TransferKey[]];

export const postCheckSpecSchema = z.object({ transfer: z.enum(TRANSFER_KEYS) }).strict();
export type PostCheckSpec = z.infer<typeof postCheckSpecSchema>;

/** The transfer network, whole: the item on the challenge's dataset, from TRANSFER_SEED. */
export const transferConfig = (key: TransferKey, dataset: DatasetKey): NetworkConfig => ({
  ...DEFAULT_CONFIG,
  ...TRANSFER_ITEMS[key].config,
  dataset,
  seed: TRANSFER_SEED,
});

/**
 * Pre and post on one scale: the profile and verdict points of a prediction, out of 100 (the
 * expected accuracy is left out of both: the transfer network is never trained).
 */
export const PROFILE_VERDICT_POINTS = PROFILE_POINTS + VERDICT_POINTS;
export const comparablePoints = (score: { profilePoints: number; verdictPoints: number }) =>
  (100 * (score.profilePoints + score.verdictPoints)) / PROFILE_VERDICT_POINTS;

/** A post-check scored against the transfer network's measured profile and verdict. */
export function scorePostCheck(
  input: Pick<PredictionInput, "curve" | "verdict">,
  measured: Omit<Measured, "accuracy">,
) {
  const score = scorePrediction({ ...input, accuracy: 0 }, { ...measured, accuracy: 0 });
  return {
    total: comparablePoints(score),
    distance: score.distance,
    profilePoints: score.profilePoints,
    verdictPoints: score.verdictPoints,
    measured: score.measured,
    measuredVerdict: score.measuredVerdict,
  };
}
export type PostCheckScore = ReturnType<typeof scorePostCheck>;
