"use client";
/**
 * What the class predicted, for the projector: before the reveal how many expect each verdict and
 * the median sketch; at the teacher's reveal the measured profiles over them, and the predictions
 * ranked by their score.
 */
import { useTranslations } from "next-intl";
import {
  classPredictions,
  predictionOutranks,
  sketchPoints,
  VERDICTS,
} from "../../../../lib/challenges/prediction";
import type { ChallengeView, PredictionView } from "../../../../lib/protocol/views";
import { useFormat } from "../../../_client/format";
import { ProfileSketch, type SketchCurve } from "../../../_client/profile-sketch";

/** The median sketch is drawn over this many points: layers 2..L of the challenge's depth, or the sketches'. */
function layersOf(challenge: ChallengeView, predictions: PredictionView[]): number {
  const locked = challenge.spec.locked.depth;
  if (locked) return sketchPoints(locked);
  const lengths = predictions.map((p) => p.curve.length).sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length / 2)] ?? 10;
}

export function ClassPredictions(props: {
  challenge: ChallengeView;
  predictions: PredictionView[];
  name: (participantId: string) => string;
  onReveal?: () => void;
}) {
  const { challenge, predictions } = props;
  const t = useTranslations("classView");
  const format = useFormat();
  const layers = layersOf(challenge, predictions);
  const summary = classPredictions(predictions, layers);
  const revealed = challenge.revealed;
  const scored = predictions.filter((p) => p.score !== null);
  const curves: SketchCurve[] = [
    ...(revealed
      ? scored.flatMap((p) =>
          p.score!.measured
            ? [
                {
                  values: p.score!.measured,
                  label: t("predictions.measured", { name: props.name(p.participantId) }),
                  kind: "measured" as const,
                },
              ]
            : [],
        )
      : predictions.map((p) => ({
          values: p.curve,
          label: t("predictions.sketch", { name: props.name(p.participantId) }),
          kind: "class" as const,
        }))),
    ...(summary.median.length
      ? [{ values: summary.median, label: t("predictions.median"), kind: "median" as const }]
      : []),
  ];
  const board = [...scored].sort((a, b) =>
    predictionOutranks(rankKey(a), rankKey(b))
      ? -1
      : predictionOutranks(rankKey(b), rankKey(a))
        ? 1
        : 0,
  );
  return (
    <section className="card class-predictions" aria-labelledby={`predictions-${challenge.id}`}>
      <h2 id={`predictions-${challenge.id}`}>
        {t("predictions.title")}{" "}
        <span className="tag">
          {revealed ? t("predictions.revealed") : t("predictions.soFar", { count: summary.count })}
        </span>
      </h2>
      <ul className="verdict-counts" aria-label={t("predictions.verdictsLabel")}>
        {VERDICTS.map((v) => (
          <li key={v} className={`verdict-${v}`}>
            {t.rich(`predictions.expect.${v}`, {
              count: summary.verdicts[v],
              n: (c) => <span className="count">{c}</span>,
            })}
          </li>
        ))}
      </ul>
      {summary.accuracy !== null && (
        <p className="muted">
          {t("predictions.medianAccuracy", { accuracy: format.percent(summary.accuracy, 0) })}
        </p>
      )}
      {summary.count > 0 ? (
        <ProfileSketch
          layers={layers}
          curves={curves}
          label={
            revealed
              ? t("predictions.sketchRevealed", { count: scored.length })
              : t("predictions.sketchOpen", { count: summary.count })
          }
        />
      ) : (
        <p className="present-wait">{t("predictions.none")}</p>
      )}
      <p className="legend">
        <span className="swatch median" /> {t("predictions.legendMedian")}{" "}
        {revealed ? (
          <>
            <span className="swatch measured" />{" "}
            {t("predictions.legendMeasured", { count: scored.length })}
          </>
        ) : (
          <>
            <span className="swatch class" /> {t("predictions.legendEach")}
          </>
        )}
      </p>
      {!revealed && props.onReveal && (
        <button type="button" className="reveal" onClick={props.onReveal}>
          {t("predictions.reveal")}
        </button>
      )}
      {revealed && board.length > 0 && (
        <ol className="prediction-board" aria-label={t("predictions.bestLabel")}>
          {board.slice(0, 10).map((p) => (
            <li key={p.participantId}>
              <span>{props.name(p.participantId)}</span>
              <span>{t("predictions.score", { score: p.score!.total })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const rankKey = (p: PredictionView) => ({
  total: p.score!.total,
  lockedAt: p.lockedAt ? Date.parse(p.lockedAt) : Number.POSITIVE_INFINITY,
});
