"use client";
/**
 * What the class predicted, for the projector: before the reveal how many expect each verdict and
 * the median sketch; at the teacher's reveal the measured profiles over them, and the predictions
 * ranked by their score.
 */
import {
  classPredictions,
  predictionOutranks,
  sketchPoints,
  VERDICTS,
} from "../../../../lib/challenges/prediction";
import type { ChallengeView, PredictionView } from "../../../../lib/protocol/views";
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
                  label: `Measured: ${props.name(p.participantId)}`,
                  kind: "measured" as const,
                },
              ]
            : [],
        )
      : predictions.map((p) => ({
          values: p.curve,
          label: `Sketch: ${props.name(p.participantId)}`,
          kind: "class" as const,
        }))),
    ...(summary.median.length
      ? [{ values: summary.median, label: "The class's median sketch", kind: "median" as const }]
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
        The class&apos;s predictions{" "}
        <span className="tag">{revealed ? "revealed" : `${summary.count} so far`}</span>
      </h2>
      <ul className="verdict-counts" aria-label="Predicted verdicts">
        {VERDICTS.map((v) => (
          <li key={v} className={`verdict-${v}`}>
            <span className="count">{summary.verdicts[v]}</span> expect {v}
          </li>
        ))}
      </ul>
      {summary.accuracy !== null && (
        <p className="muted">Median expected accuracy: {(100 * summary.accuracy).toFixed(0)}%</p>
      )}
      {summary.count > 0 ? (
        <ProfileSketch
          layers={layers}
          curves={curves}
          label={
            revealed
              ? `The class's median sketch and ${scored.length} measured profiles`
              : `The class's ${summary.count} sketches and their median`
          }
        />
      ) : (
        <p className="present-wait">No predictions yet.</p>
      )}
      <p className="legend">
        <span className="swatch median" /> median sketch{" "}
        {revealed ? (
          <>
            <span className="swatch measured" /> measured at initialization ({scored.length} runs)
          </>
        ) : (
          <>
            <span className="swatch class" /> each student&apos;s sketch
          </>
        )}
      </p>
      {!revealed && props.onReveal && (
        <button type="button" className="reveal" onClick={props.onReveal}>
          Reveal the measured profiles
        </button>
      )}
      {revealed && board.length > 0 && (
        <ol className="prediction-board" aria-label="Best predictions">
          {board.slice(0, 10).map((p) => (
            <li key={p.participantId}>
              <span>{props.name(p.participantId)}</span>
              <span>{p.score!.total.toFixed(0)} / 100</span>
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
