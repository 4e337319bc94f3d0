"use client";
/**
 * The lab's words on a run: the verdict at initialization (as the server measures it) and the live
 * estimate, with the result behind each, the server's verified line (initialization and after
 * training apart), and why batch norm's statistics were recomputed when that changed the score.
 */
import type { NetworkConfig } from "../../../lib/nn/config";
import {
  describeFlow,
  PROBE_BATCH,
  type FlowContext,
  type FlowDescription,
} from "../../../lib/nn/summary";
import type { LayerStats } from "../../../lib/nn/telemetry";
import type { TelemetryFrame } from "../../../lib/nn/trainer";
import type { TrainingResult } from "../../../lib/nn/worker-protocol";
export { verifiedLine } from "../../../lib/challenges/run-text";
import { IDEA_LINKS } from "./presets";

/** Where it matters, why batch norm's statistics were recomputed at the end of training. */
export function BatchStatsGap({ result }: { result: TrainingResult | null }) {
  const moving = result?.movingAverageAccuracy;
  if (!result || moving === null || moving === undefined) return null;
  if (Math.abs(moving - result.trainAccuracy) < BATCH_STATS_GAP) return null;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return (
    <p className="note">
      With the moving averages batch norm kept while training, this network scores {pct(moving)} on
      its training data; with statistics recomputed over the training data at the end (precise BN,
      what the server scores too) it scores {pct(result.trainAccuracy)}: the averages lag behind
      weights that were still changing fast.
    </p>
  );
}

/** A gap this large between moving-average and precise BN accuracy is worth a sentence. */
const BATCH_STATS_GAP = 0.02;

/**
 * The lab's reading of the gradient flow: at initialization, measured exactly as the server measures
 * it (the same rule, probe batch and weights, so the two agree), and the live estimate of the latest
 * telemetry frame (one mini-batch at the current weights: it wanders from batch to batch).
 */
export function FlowVerdict({
  frame,
  initial,
  context,
}: {
  frame: TelemetryFrame | undefined;
  initial: readonly LayerStats[] | null | undefined;
  context: (FlowContext & Pick<NetworkConfig, "batchSize">) | undefined;
}) {
  const start = initial && initial.length > 0 ? describeFlow(initial, context) : null;
  const live = frame && frame.layers.length > 0 ? describeFlow(frame.layers, context) : null;
  if (!start && !live) return null;
  const link = (d: FlowDescription) => (
    <a href={IDEA_LINKS[d.idea].href} target="_blank" rel="noreferrer">
      The idea: {IDEA_LINKS[d.idea].label}
    </a>
  );
  return (
    <div className="flow-verdicts" role="status">
      {start && (
        <p className={`flow-verdict verdict-${start.verdict}`}>
          At initialization, <strong>{start.verdict}</strong>: {start.text} {link(start)}{" "}
          <span className="muted">
            (measured as the server measures it: {PROBE_BATCH} training points, the weights from
            your seed)
          </span>
        </p>
      )}
      {live && frame && (
        <p className={`flow-verdict verdict-${live.verdict}`}>
          Live estimate at step {frame.step} (one mini-batch
          {context ? ` of ${context.batchSize} points` : ""}), <strong>{live.verdict}</strong>:{" "}
          {live.text}
          {start?.verdict === "exploding" &&
            live.verdict === "healthy" &&
            context?.batchNorm !== "off" &&
            " Batch norm's gradients grow toward the input at initialization and settle once training starts."}{" "}
          {(!start || start.idea !== live.idea) && link(live)}
        </p>
      )}
    </div>
  );
}
