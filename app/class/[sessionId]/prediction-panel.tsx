"use client";
/**
 * Predict before training: the student sketches the gradient profile they expect, picks a verdict
 * and an expected accuracy. Train locks it; after the run is verified the measured profile is drawn
 * over the sketch with the score.
 */
import { useTranslations } from "next-intl";
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
import { useFormat } from "../../_client/format";
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
const SHAPES: { key: "level" | "falling" | "rising"; at: (t: number) => number }[] = [
  { key: "level", at: () => 0 },
  { key: "falling", at: (t) => -4 * (1 - t) },
  { key: "rising", at: (t) => 3 * (1 - t) },
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
  const t = useTranslations("predictions");
  const tc = useTranslations("common");
  const { draft, onDraft, saved, layers } = props;
  const n = Math.max(2, layers);
  if (saved?.locked)
    return <LockedPrediction prediction={saved} layers={n} scoreAtDue={props.scoreAtDue} />;
  if (props.closed) return <ClosedPrediction saved={saved} layers={n} why={props.closed} />;
  const shape = (at: (x: number) => number) =>
    onDraft({
      ...draft,
      curve: Array.from({ length: n }, (_, i) => Math.round(at(i / (n - 1)) * 10) / 10),
    });
  return (
    <section className="card prediction" aria-labelledby="prediction-title">
      <h2 id="prediction-title">{t("title")}</h2>
      <p>{t("intro")}</p>
      <div className="controls shapes">
        {SHAPES.map((s) => (
          <button key={s.key} type="button" className="secondary small" onClick={() => shape(s.at)}>
            {t(`shapes.${s.key}`)}
          </button>
        ))}
      </div>
      <ProfileSketch
        layers={n}
        value={draft.curve}
        onChange={(curve) => onDraft({ ...draft, curve })}
        label={t("sketchLabel")}
      />
      <fieldset className="verdicts">
        <legend>{t("verdict")}</legend>
        {VERDICTS.map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="prediction-verdict"
              value={v}
              checked={draft.verdict === v}
              onChange={() => onDraft({ ...draft, verdict: v })}
            />
            {tc(`verdicts.${v}`)}
          </label>
        ))}
      </fieldset>
      <label className="expected">
        {t("expectedAccuracy")}
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
          {t("save")}
        </button>
        <span role="status">
          {!draft.verdict ? t("status.choose") : saved ? t("status.saved") : t("status.unsaved")}
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
  const t = useTranslations("predictions");
  return (
    <section className="card prediction" aria-labelledby="prediction-title">
      <h2 id="prediction-title">
        {t("closed.title")}{" "}
        <span className="tag">{why === "due" ? t("closed.tagDue") : t("closed.tagRevealed")}</span>
      </h2>
      {saved ? (
        <>
          <p role="status">
            {why === "revealed" ? t("closed.savedRevealed") : t("closed.savedDue")}
          </p>
          <ProfileSketch
            layers={layers}
            curves={[{ values: saved.curve, label: t("curves.sketch"), kind: "sketch" }]}
            label={t("closed.sketchLabel")}
          />
        </>
      ) : (
        <p role="status">{why === "revealed" ? t("closed.noneRevealed") : t("closed.noneDue")}</p>
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
  const t = useTranslations("predictions");
  const tc = useTranslations("common");
  const format = useFormat();
  const score = prediction.score;
  const n = score?.measured ? Math.max(2, score.measured.length) : layers;
  const said = tc(`verdicts.${prediction.verdict}`);
  const saidAccuracy = format.percent(prediction.accuracy, 0);
  return (
    <section className="card prediction" aria-labelledby="prediction-title">
      <h2 id="prediction-title">
        {t("title")} <span className="tag">{t("locked.tag")}</span>
      </h2>
      <ProfileSketch
        layers={n}
        curves={[
          { values: prediction.curve, label: t("curves.sketch"), kind: "sketch" },
          ...(score?.measured
            ? [
                {
                  values: score.measured,
                  label: t("curves.measured"),
                  kind: "measured" as const,
                },
              ]
            : []),
        ]}
        label={score ? t("locked.labelMeasured") : t("locked.label")}
      />
      <p className="legend">
        <span className="swatch sketch" /> {t("locked.legendSketch")}
        {score && (
          <>
            {" "}
            <span className="swatch measured" /> {t("locked.legendMeasured")}
          </>
        )}
      </p>
      {score ? (
        <div role="status" className="prediction-score">
          <p className="score-total">
            {t.rich("score.total", {
              score: Math.round(score.total),
              strong: (c) => <strong>{c}</strong>,
            })}
          </p>
          <ul>
            <li>
              {score.distance === null
                ? t("score.profileUnscored", { points: PROFILE_POINTS })
                : t("score.profile", {
                    points: Math.round(score.profilePoints),
                    max: PROFILE_POINTS,
                    distance: score.distance,
                    zero: PROFILE_ZERO_DECADES,
                  })}
            </li>
            <li>
              {t("score.verdict", {
                said,
                measured: tc(`verdicts.${score.measuredVerdict}`),
                points: score.verdictPoints,
                max: VERDICT_POINTS,
              })}
            </li>
            <li>
              {t("score.accuracy", {
                said: saidAccuracy,
                verified: format.percent(score.verifiedAccuracy, 1),
                points: Math.round(score.accuracyPoints),
                max: ACCURACY_POINTS,
              })}
            </li>
          </ul>
        </div>
      ) : (
        <p role="status">
          {t("locked.said", { verdict: said, accuracy: saidAccuracy })}{" "}
          {scoreAtDue ? t("locked.scoreAtDue", { due: scoreAtDue }) : t("locked.scoreNow")}
        </p>
      )}
    </section>
  );
}
