"use client";
/**
 * The lab's words on a run: the verdict at initialization (as the server measures it) and the live
 * estimate, with the result behind each, and why batch norm's statistics were recomputed when that
 * changed the score.
 */
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { NetworkConfig } from "../../../lib/nn/config";
import {
  describeFlow,
  FLOW_FROM_LAYER,
  flowBand,
  flowSpan,
  PROBE_BATCH,
  summarizeGradientFlow,
  type FlowContext,
  type FlowDescription,
} from "../../../lib/nn/summary";
import type { LayerStats } from "../../../lib/nn/telemetry";
import type { TelemetryFrame } from "../../../lib/nn/trainer";
import type { TrainingResult } from "../../../lib/nn/worker-protocol";
import { useFormat } from "../../_client/format";
import { useScientific } from "./charts";
import { IDEA_LINKS } from "./presets";

/** Where it matters, why batch norm's statistics were recomputed at the end of training. */
export function BatchStatsGap({ result }: { result: TrainingResult | null }) {
  const t = useTranslations("verdictText");
  const format = useFormat();
  const moving = result?.movingAverageAccuracy;
  if (!result || moving === null || moving === undefined) return null;
  if (Math.abs(moving - result.trainAccuracy) < BATCH_STATS_GAP) return null;
  return (
    <p className="note">
      {t("batchStatsGap", {
        moving: format.percent(moving),
        precise: format.percent(result.trainAccuracy),
      })}
    </p>
  );
}

/** A gap this large between moving-average and precise BN accuracy is worth a sentence. */
const BATCH_STATS_GAP = 0.02;

/** Growth per layer shown with batch norm's trend when it is at least this (as describeFlow). */
const NOTABLE_GROWTH = 1.05;

type ProbeLayers = Parameters<typeof describeFlow>[0];

/**
 * describeFlow's reading of a profile (lib/nn/summary.ts) as a sentence in the page's language: the
 * same cases, decided from the same summary, with its numbers formatted here. describeFlow stays
 * the source of the verdict and the idea; this only words them.
 */
function useFlowText(): (layers: ProbeLayers, context: FlowContext | undefined) => string {
  const t = useTranslations("verdictText");
  const format = useFormat();
  const scientific = useScientific();
  /** A ratio in words: "40x", "1.2x", "0.25x", "3e-12 times" (summary.ts's `times`). */
  const times = (x: number): string => {
    if (x === 0) return t("times.zero");
    if (x >= 1e5 || x < 1e-3) return t("times.power", { value: scientific(x, 0) });
    return t("times.factor", {
      value:
        x >= 10
          ? format.number(Math.round(x), { useGrouping: false })
          : format.number(x, { maximumSignificantDigits: 2 }),
    });
  };
  return (layers, context) => {
    const s = summarizeGradientFlow([{ layers }]);
    const L = layers.length;
    const reaches =
      s.gradRatio === null
        ? ""
        : s.perLayerFactor === null
          ? t("flow.reaches", { first: FLOW_FROM_LAYER, ratio: times(s.gradRatio), last: L })
          : t("flow.reachesPerLayer", {
              first: FLOW_FROM_LAYER,
              ratio: times(s.gradRatio),
              last: L,
              factor: s.perLayerFactor,
            });
    const band = flowBand(flowSpan(L).layers);
    if (layers.every((l) => l.weightGradNorm === 0)) return t("flow.dead");
    if (s.verdict === "vanishing") {
      if (s.signalRatio === 0) return t("flow.signalDies");
      if (s.gradRatio !== null && s.gradRatio < 1 / band) return t("flow.vanishing", { reaches });
      return t("flow.signalFades", { last: L, spread: times(s.signalRatio ?? 0) });
    }
    if (s.verdict === "exploding") {
      if (s.gradRatio === null) {
        const finite = layers.every(
          (l) =>
            Number.isFinite(l.weightGradNorm) &&
            Number.isFinite(l.activationGradNorm) &&
            Number.isFinite(l.activationStd),
        );
        return finite ? t("flow.noTopGradient", { last: L }) : t("flow.overflow");
      }
      if (s.gradRatio > band) return t("flow.exploding", { reaches });
      return t("flow.signalBlowsUp");
    }
    if (L < 3) return t("flow.shallow");
    const growing =
      context !== undefined &&
      context.batchNorm !== "off" &&
      s.perLayerFactor !== null &&
      s.perLayerFactor >= NOTABLE_GROWTH;
    return growing
      ? `${t("flow.healthy", { reaches })} ${t("flow.bnGrowth")}`
      : t("flow.healthy", { reaches });
  };
}

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
  const t = useTranslations("verdictText");
  const tc = useTranslations("common");
  const flowText = useFlowText();
  const start = initial && initial.length > 0 ? describeFlow(initial, context) : null;
  const live = frame && frame.layers.length > 0 ? describeFlow(frame.layers, context) : null;
  if (!start && !live) return null;
  const strong = (c: ReactNode) => <strong>{c}</strong>;
  const link = (d: FlowDescription) => (
    <a href={IDEA_LINKS[d.idea].href} target="_blank" rel="noreferrer">
      {t("idea", { paper: IDEA_LINKS[d.idea].label })}
    </a>
  );
  return (
    <div className="flow-verdicts" role="status">
      {start && initial && (
        <p className={`flow-verdict verdict-${start.verdict}`}>
          {t.rich("atInit", {
            verdict: tc(`verdicts.${start.verdict}`),
            text: flowText(initial, context),
            strong,
          })}{" "}
          {link(start)}{" "}
          <span className="muted">{t("measuredAsServer", { points: PROBE_BATCH })}</span>
        </p>
      )}
      {live && frame && (
        <p className={`flow-verdict verdict-${live.verdict}`}>
          {context
            ? t.rich("liveBatch", {
                step: frame.step,
                batch: context.batchSize,
                verdict: tc(`verdicts.${live.verdict}`),
                text: flowText(frame.layers, context),
                strong,
              })
            : t.rich("live", {
                step: frame.step,
                verdict: tc(`verdicts.${live.verdict}`),
                text: flowText(frame.layers, context),
                strong,
              })}
          {start?.verdict === "exploding" &&
            live.verdict === "healthy" &&
            context?.batchNorm !== "off" && <> {t("bnSettles")}</>}{" "}
          {(!start || start.idea !== live.idea) && link(live)}
        </p>
      )}
    </div>
  );
}
