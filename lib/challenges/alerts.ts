/**
 * Which settled runs raise a teacher alert: runs that actually failed. One rule for the server
 * (which broadcasts the alert as a run settles) and the dashboard (which derives the list from the
 * session's runs, so alerts survive a reload).
 *
 * Not an alert: a gradient profile that explodes or vanishes at initialization. That is often the
 * lesson itself (batch norm's gradients grow toward the input at init and settle within steps, Yang
 * et al. 2019); what matters is whether training failed.
 */
import { DATASETS } from "../nn/datasets/index";
import type { DatasetKey } from "../nn/config";
import type { Verdict } from "../nn/summary";
import type { RunStatus } from "./status";

export const ALERT_KINDS = ["diverged", "stalled", "vanishing", "exploding", "mismatch"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * The failures a challenge may expect as its lesson (a deep sigmoid network near chance, Xavier
 * stalling a 30-layer ReLU network): its spec lists them and they raise no alert there. A diverged
 * run or a claim its weights do not support is never the lesson.
 */
export const EXPECTABLE_FAILURES = [
  "stalled",
  "vanishing",
  "exploding",
] as const satisfies readonly AlertKind[];
export type ExpectableFailure = (typeof EXPECTABLE_FAILURES)[number];

/** Verified accuracy within this of chance (1 / classes) counts as stalled. */
export const STALLED_MARGIN = 0.05;

export interface AlertableRun {
  config: { dataset: DatasetKey };
  status: RunStatus;
  diverged: boolean;
  verifiedAccuracy: number | null;
  /** The gradient flow at the trained weights (null: not measured). */
  finalVerdict: Verdict | null;
  mismatch: boolean;
}

export function alertsOf(
  run: AlertableRun,
  expected: readonly ExpectableFailure[] = [],
): AlertKind[] {
  if (run.status !== "verified") return [];
  const kinds: AlertKind[] = [];
  const chance = 1 / DATASETS[run.config.dataset].classes;
  if (run.diverged) kinds.push("diverged");
  else if (run.verifiedAccuracy !== null && run.verifiedAccuracy <= chance + STALLED_MARGIN)
    kinds.push("stalled");
  if (!run.diverged && run.finalVerdict === "vanishing") kinds.push("vanishing");
  if (!run.diverged && run.finalVerdict === "exploding") kinds.push("exploding");
  if (run.mismatch) kinds.push("mismatch");
  return kinds.filter((k) => !(expected as readonly string[]).includes(k));
}
