/**
 * Which settled runs raise a teacher alert. One rule for the server (which broadcasts the alert as
 * a run settles) and the dashboard (which derives the list from the session's runs, so alerts
 * survive a reload).
 */
import type { Verdict } from "../nn/summary";

export const ALERT_KINDS = ["diverged", "exploding", "mismatch"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertableRun {
  diverged: boolean;
  verdict: Verdict | null;
  mismatch: boolean;
}

export function alertsOf(run: AlertableRun): AlertKind[] {
  const kinds: AlertKind[] = [];
  if (run.diverged) kinds.push("diverged");
  if (run.verdict === "exploding") kinds.push("exploding");
  if (run.mismatch) kinds.push("mismatch");
  return kinds;
}
