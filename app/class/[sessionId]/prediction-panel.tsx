"use client";
/**
 * Predict before training: the student sketches the gradient profile they expect, picks a verdict
 * and an expected accuracy. Train locks it; after the run is verified the measured profile is drawn
 * over the sketch with the score.
 */
import {
  ACCURACY_POINTS,
  PROFILE_POINTS,
  PROFILE_ZERO_DECADES,
  resample,
  VERDICT_POINTS,
  VERDICTS,
  type PredictionInput,
} from "../../../lib/challenges/prediction";
import type { Verdict } from "../../../lib/nn/summary";
import type { PredictionView } from "../../../lib/protocol/views";
import { ProfileSketch } from "../../_client/profile-sketch";

/** What the student is drawing, before it is saved. */
export interface PredictionDraft {
  curve: number[];
  verdict: Verdict | null;
  /** Percent. */
  accuracy: number;
}

export const draftFrom = (p: PredictionView | null, layers: number): PredictionDraft =>
  p
    ? {
        curve: resample(p.curve, layers),
        verdict: p.verdict,
        accuracy: Math.round(100 * p.accuracy),
      }
    : { curve: Array.from({ length: layers }, () => 0), verdict: null, accuracy: 50 };

export const draftInput = (d: PredictionDraft): PredictionInput | null =>
  d.verdict
    ? {
        curve: d.curve.map((v) => Math.round(v * 10) / 10),
        verdict: d.verdict,
        accuracy: d.accuracy / 100,
      }
    : null;

/** Quick starts for a phone: the three shapes a student might expect. */
const SHAPES: { name: string; at: (t: number) => number }[] = [
  { name: "Level", at: () => 0 },
  { name: "Falling toward the input", at: (t) => -4 * (1 - t) },
  { name: "Rising toward the input", at: (t) => 3 * (1 - t) },
];

export function PredictionPanel(props: {
  layers: number;
  draft: PredictionDraft;
  onDraft: (d: PredictionDraft) => void;
  saved: PredictionView | null;
  onSave: () => void;
  saving: boolean;
  error: string | null;
  /** Predictions are closed: the teacher revealed the measured profiles, or the due date passed. */
  closed: "revealed" | "due" | null;
  /** An assignment that shows the score at its due date: when (null: the score comes with the run). */
  scoreAtDue: string | null;
}) {
  const { draft, onDraft, saved, layers } = props;
  const n = Math.max(2, layers);
  if (saved?.locked)
    return <LockedPrediction prediction={saved} layers={n} scoreAtDue={props.scoreAtDue} />;
  if (props.closed) return <ClosedPrediction saved={saved} layers={n} why={props.closed} />;
  const shape = (at: (t: number) => number) =>
    onDraft({
      ...draft,
      curve: Array.from({ length: n }, (_, i) => Math.round(at(i / (n - 1)) * 10) / 10),
    });
  return (
    <section className="card prediction" aria-labelledby="prediction-title">
      <h2 id="prediction-title">Your prediction</h2>
      <p>
        Before you train: how large will each layer&apos;s weight gradient be at the start, compared
        with the last layer&apos;s? Drag across the layers (or use the arrow keys), then choose a
        verdict and the accuracy you expect. Training locks your prediction.
      </p>
      <div className="controls shapes">
        {SHAPES.map((s) => (
          <button
            key={s.name}
            type="button"
            className="secondary small"
            onClick={() => shape(s.at)}
          >
            {s.name}
          </button>
        ))}
      </div>
      <ProfileSketch
        layers={n}
        value={draft.curve}
        onChange={(curve) => onDraft({ ...draft, curve })}
        label="Sketch of the expected gradient per layer, relative to the last layer"
      />
      <fieldset className="verdicts">
        <legend>Verdict</legend>
        {VERDICTS.map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="prediction-verdict"
              value={v}
              checked={draft.verdict === v}
              onChange={() => onDraft({ ...draft, verdict: v })}
            />
            {v}
          </label>
        ))}
      </fieldset>
      <label className="expected">
        Expected test accuracy (%)
        <input
          type="number"
          min={0}
          max={100}
          step={1}
          value={draft.accuracy}
          onChange={(e) =>
            onDraft({
              ...draft,
              accuracy: Number.isFinite(e.target.valueAsNumber)
                ? Math.max(0, Math.min(100, e.target.valueAsNumber))
                : 0,
            })
          }
        />
      </label>
      <div className="controls">
        <button
          type="button"
          className="secondary"
          onClick={props.onSave}
          disabled={!draft.verdict || props.saving}
        >
          Save prediction
        </button>
        <span role="status">
          {!draft.verdict
            ? "Choose a verdict to predict."
            : saved
              ? "Saved: your teacher sees it. Train to lock it."
              : "Not saved yet: Train saves and locks it."}
        </span>
      </div>
      {props.error && (
        <p className="error" role="alert">
          {props.error}
        </p>
      )}
    </section>
  );
}

/** After the reveal: no new prediction; one saved before it is kept and scored by the first run. */
function ClosedPrediction({
  saved,
  layers,
  why,
}: {
  saved: PredictionView | null;
  layers: number;
  why: "revealed" | "due";
}) {
  const out =
    why === "revealed"
      ? "Your teacher revealed the measured profiles"
      : "The due date has passed and the answer is out";
  return (
    <section className="card prediction" aria-labelledby="prediction-title">
      <h2 id="prediction-title">
        Predictions are closed{" "}
        <span className="tag">{why === "due" ? "past due" : "revealed"}</span>
      </h2>
      {saved ? (
        <>
          <p role="status">
            {out}. You saved this prediction before that: your first run locks it and the server
            scores it.
          </p>
          <ProfileSketch
            layers={layers}
            curves={[{ values: saved.curve, label: "Your sketch", kind: "sketch" }]}
            label="Your saved sketch of the gradient per layer"
          />
        </>
      ) : (
        <p role="status">
          {out}, so a prediction now would not be one. Train and submit as usual: your runs count on
          the board, and the verdict of each tells you what the server measured.
        </p>
      )}
    </section>
  );
}

function LockedPrediction({
  prediction,
  layers,
  scoreAtDue,
}: {
  prediction: PredictionView;
  layers: number;
  scoreAtDue: string | null;
}) {
  const score = prediction.score;
  const n = score?.measured ? Math.max(2, score.measured.length) : layers;
  return (
    <section className="card prediction" aria-labelledby="prediction-title">
      <h2 id="prediction-title">
        Your prediction <span className="tag">locked</span>
      </h2>
      <ProfileSketch
        layers={n}
        curves={[
          { values: prediction.curve, label: "Your sketch", kind: "sketch" },
          ...(score?.measured
            ? [
                {
                  values: score.measured,
                  label: "Measured at initialization",
                  kind: "measured" as const,
                },
              ]
            : []),
        ]}
        label={
          score
            ? "Your sketch and the measured gradient per layer, relative to the last layer"
            : "Your sketch of the gradient per layer"
        }
      />
      <p className="legend">
        <span className="swatch sketch" /> your sketch
        {score && (
          <>
            {" "}
            <span className="swatch measured" /> measured by the server at initialization
          </>
        )}
      </p>
      {score ? (
        <div role="status" className="prediction-score">
          <p className="score-total">
            Prediction score: <strong>{score.total.toFixed(0)}</strong> of 100
          </p>
          <ul>
            <li>
              {score.distance === null ? (
                <>
                  Profile: not scored. The measured profile is undefined (the last layer got no
                  gradient, or it overflowed), so no sketch earns these {PROFILE_POINTS} points.
                </>
              ) : (
                <>
                  Profile: {score.profilePoints.toFixed(0)} of {PROFILE_POINTS} (
                  {score.distance.toFixed(1)} decades off on average; {PROFILE_ZERO_DECADES} or more
                  scores 0)
                </>
              )}
            </li>
            <li>
              Verdict: you said {prediction.verdict}, it was {score.measuredVerdict} (
              {score.verdictPoints} of {VERDICT_POINTS})
            </li>
            <li>
              Accuracy: you said {(100 * prediction.accuracy).toFixed(0)}%, verified{" "}
              {(100 * score.verifiedAccuracy).toFixed(1)}% ({score.accuracyPoints.toFixed(0)} of{" "}
              {ACCURACY_POINTS})
            </li>
          </ul>
        </div>
      ) : (
        <p role="status">
          You said {prediction.verdict}, {(100 * prediction.accuracy).toFixed(0)}% accuracy.{" "}
          {scoreAtDue
            ? `Submit your run: the server scores your prediction, and you see the score at the due date (${scoreAtDue}).`
            : "Submit your run: the server's measurement scores your prediction."}
        </p>
      )}
    </section>
  );
}
