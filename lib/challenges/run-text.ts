/**
 * A verified run in words, for the student: the score, and the gradient flow at initialization and
 * after training kept apart, so that the expected explosion of batch norm at init (Yang et al.
 * 2019) never reads as the run's failure.
 */
import type { TelemetryFrame } from "../nn/trainer";
import { EXPLODING_RATIO, settledStep, times } from "../nn/summary";
import type { RunView } from "../protocol/views";

/** What the server found: the score, and the gradient flow at initialization and after training. */
export function verifiedLine(run: RunView, frames: readonly TelemetryFrame[] | undefined): string {
  if (run.status === "pending") return "Submitted: verifying…";
  if (run.status === "unverifiable") return `The server could not verify this run: ${run.failure}`;
  const pct = (x: number | null) => `${(100 * (x ?? 0)).toFixed(1)}%`;
  const parts = [`Verified: ${pct(run.verifiedAccuracy)} on the hidden test set.`];
  if (run.reproducedAccuracy !== null)
    parts.push(
      `The server's own re-run of your config from its seed reached ${pct(run.reproducedAccuracy)} in ${run.config.steps} steps.`,
    );
  parts.push(initLine(run, frames));
  if (run.finalVerdict) parts.push(`After training: ${run.finalVerdict}.`);
  if (run.mismatch)
    parts.push(
      run.reproducedAccuracy !== null
        ? "Your claim or your weights did not match what the server measured or re-ran."
        : "Your claimed accuracy did not match the weights.",
    );
  return parts.join(" ");
}

/**
 * The flow at initialization, and why batch norm's explosion there is no failure. With batch norm
 * the growth per layer is always named, so a run just under the exploding line and one just over it
 * tell the same story (Yang et al.'s growth), not "healthy" against "exploding, as expected".
 */
function initLine(run: RunView, frames: readonly TelemetryFrame[] | undefined): string {
  const settled = frames ? settledStep(frames) : null;
  const bn = run.config.batchNorm !== "off";
  const growth =
    bn && run.initialFactor !== null && run.initialGradRatio !== null
      ? ` Batch norm makes the gradient grow ${run.initialFactor.toFixed(2)}x per layer toward the input at initialization (Yang et al. 2019): layer 2 gets ${times(run.initialGradRatio)} layer ${run.config.depth}'s`
      : "";
  if (run.verdict === "exploding" && bn)
    return `Gradient flow at initialization: exploding, as expected with batch norm.${growth || " It makes gradients grow toward the input at init (Yang et al. 2019)"}${settled ? `; it settled by step ${settled}` : ""}.`;
  if (run.verdict === "healthy" && growth)
    return `Gradient flow at initialization: healthy, within the ${EXPLODING_RATIO}x line.${growth}${settled ? `; level by step ${settled}` : ""}.`;
  if (run.verdict && run.verdict !== "healthy" && settled && run.finalVerdict === "healthy")
    return `Gradient flow at initialization: ${run.verdict}; training brought it level by step ${settled}.`;
  return `Gradient flow at initialization: ${run.verdict}.`;
}
