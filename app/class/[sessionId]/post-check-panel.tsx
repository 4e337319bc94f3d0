"use client";
/**
 * The post-check: after their own run showed them the answer, the student predicts again for a
 * network they have not trained (the challenge's transfer item). One try, locked as made; the
 * server's measurement of that network is drawn over it with the score (at the due date, for an
 * assignment that keeps scores until then).
 */
import { useTranslations } from "next-intl";
import { useState } from "react";
import {
  PROFILE_POINTS,
  PROFILE_ZERO_DECADES,
  sketchPoints,
  VERDICT_POINTS,
  VERDICTS,
} from "../../../lib/challenges/prediction";
import {
  comparablePoints,
  TRANSFER_ITEMS,
  type TransferKey,
} from "../../../lib/challenges/transfer";
import type { Verdict } from "../../../lib/nn/summary";
import type { PostCheckView, PredictionView } from "../../../lib/protocol/views";
import { useTransferTitle } from "../../_client/challenge-text";
import { useErrorText } from "../../_client/error-text";
import { ProfileSketch } from "../../_client/profile-sketch";
import { request } from "../../_client/socket";

export function PostCheckPanel(props: {
  challengeId: string;
  transfer: TransferKey;
  /** The student's own prediction on the challenge (its score on the same scale, for comparison). */
  prediction: PredictionView | null;
  /** The student may make it: their prediction is scored, or the answer is out. */
  available: boolean;
  saved: PostCheckView | null;
  onMade: (made: PostCheckView) => void;
  /** An assignment that shows scores at its due date: when (null: at once). */
  scoreAtDue: string | null;
}) {
  const t = useTranslations("postCheck");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const network = useTransferTitle()(props.transfer);
  const item = TRANSFER_ITEMS[props.transfer];
  const layers = sketchPoints(item.config.depth);
  const [curve, setCurve] = useState<number[]>(() => Array.from({ length: layers }, () => 0));
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (props.saved) return <MadePostCheck {...props} saved={props.saved} layers={layers} />;
  if (!props.available)
    return (
      <section className="card prediction post-check" aria-labelledby="post-check-title">
        <h2 id="post-check-title">{t("pending.title")}</h2>
        <p>{t("pending.body", { network })}</p>
      </section>
    );

  async function lock() {
    if (!verdict) return;
    setSaving(true);
    setError(null);
    try {
      props.onMade(
        await request("postcheck:save", {
          challengeId: props.challengeId,
          curve: curve.map((v) => Math.round(v * 10) / 10),
          verdict,
        }),
      );
    } catch (e) {
      setError(errorText.request(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card prediction post-check" aria-labelledby="post-check-title">
      <h2 id="post-check-title">{t("title")}</h2>
      <p>{t.rich("intro", { network, strong: (c) => <strong>{c}</strong> })}</p>
      <ProfileSketch layers={layers} value={curve} onChange={setCurve} label={t("sketchLabel")} />
      <fieldset className="verdicts">
        <legend>{t("verdict")}</legend>
        {VERDICTS.map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="post-check-verdict"
              value={v}
              checked={verdict === v}
              onChange={() => setVerdict(v)}
            />
            {tc(`verdicts.${v}`)}
          </label>
        ))}
      </fieldset>
      <div className="controls">
        <button type="button" onClick={() => void lock()} disabled={!verdict || saving}>
          {t("lock")}
        </button>
        {!verdict && <span role="status">{t("chooseFirst")}</span>}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function MadePostCheck(props: {
  transfer: TransferKey;
  prediction: PredictionView | null;
  saved: PostCheckView;
  layers: number;
  scoreAtDue: string | null;
}) {
  const t = useTranslations("postCheck");
  const tc = useTranslations("common");
  const network = useTransferTitle()(props.transfer);
  const { saved } = props;
  const score = saved.score;
  const pre = props.prediction?.score ? comparablePoints(props.prediction.score) : null;
  const said = tc(`verdicts.${saved.verdict}`);
  return (
    <section className="card prediction post-check" aria-labelledby="post-check-title">
      <h2 id="post-check-title">
        {t("made.title")} <span className="tag">{t("made.tag")}</span>
      </h2>
      <p>{t("made.network", { network })}</p>
      <ProfileSketch
        layers={score?.measured ? Math.max(2, score.measured.length) : props.layers}
        curves={[
          { values: saved.curve, label: t("curves.sketch"), kind: "sketch" },
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
        label={score ? t("made.labelMeasured") : t("made.label")}
      />
      {score ? (
        <div role="status" className="prediction-score">
          <p className="score-total">
            {pre !== null
              ? t.rich("score.totalWithPrediction", {
                  score: Math.round(score.total),
                  prediction: Math.round(pre),
                  strong: (c) => <strong>{c}</strong>,
                })
              : t.rich("score.total", {
                  score: Math.round(score.total),
                  strong: (c) => <strong>{c}</strong>,
                })}
          </p>
          <ul>
            <li>
              {score.distance === null
                ? t("score.profileUnscored")
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
          </ul>
          <p className="muted">{t("score.note")}</p>
        </div>
      ) : (
        <p role="status">
          {t("made.said", { verdict: said })}{" "}
          {props.scoreAtDue ? t("made.scoreAtDue", { due: props.scoreAtDue }) : t("made.measuring")}
        </p>
      )}
    </section>
  );
}
