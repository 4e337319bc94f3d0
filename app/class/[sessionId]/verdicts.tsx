"use client";
/**
 * The lab's words on a run: the live verdict (with the result behind it, and the state at
 * initialization when it differed), the server's verified line (initialization and after training
 * apart), and why batch norm's statistics were recomputed when that changed the score.
 */
import { describeFlow, type FlowContext } from "../../../lib/nn/summary";
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

export function FlowVerdict({
  frame,
  first,
  context,
}: {
  frame: TelemetryFrame | undefined;
  first: TelemetryFrame | undefined;
  context: FlowContext | undefined;
}) {
  if (!frame || frame.layers.length === 0) return null;
  const d = describeFlow(frame.layers, context);
  const idea = IDEA_LINKS[d.idea];
  const start = first && first !== frame ? describeFlow(first.layers, context) : null;
  return (
    <p className={`flow-verdict verdict-${d.verdict}`} role="status">
      At step {frame.step}, <strong>{d.verdict}</strong>: {d.text}{" "}
      <a href={idea.href} target="_blank" rel="noreferrer">
        The idea: {idea.label}
      </a>
      {start && start.verdict !== d.verdict && (
        <>
          {" "}
          At step {first!.step} it was <strong>{start.verdict}</strong>
          {start.verdict === "exploding" && context?.batchNorm !== "off"
            ? ": batch norm's gradients grow toward the input at initialization and settle once training starts "
            : ". "}
          <a href={IDEA_LINKS[start.idea].href} target="_blank" rel="noreferrer">
            ({IDEA_LINKS[start.idea].label})
          </a>
        </>
      )}
    </p>
  );
}
