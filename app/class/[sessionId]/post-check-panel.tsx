"use client";
/**
 * The post-check: after their own run showed them the answer, the student predicts again for a
 * network they have not trained (the challenge's transfer item). One try, locked as made; the
 * server's measurement of that network is drawn over it with the score (at the due date, for an
 * assignment that keeps scores until then).
 */
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
import { ProfileSketch } from "../../_client/profile-sketch";
import { request, requestMessage } from "../../_client/socket";

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
        <h2 id="post-check-title">Then: a post-check</h2>
        <p>
          After your first verified run you predict once more, for a network you have not trained:{" "}
          {item.title}.
        </p>
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
      setError(requestMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card prediction post-check" aria-labelledby="post-check-title">
      <h2 id="post-check-title">Post-check: a network you have not trained</h2>
      <p>
        <strong>{item.title}.</strong> At the start of training, how large is each layer&apos;s
        weight gradient compared with the last layer&apos;s? Sketch it and choose a verdict. You
        have one try: it locks when you send it.
      </p>
      <ProfileSketch
        layers={layers}
        value={curve}
        onChange={setCurve}
        label="Sketch of the expected gradient per layer of the post-check network, relative to the last layer"
      />
      <fieldset className="verdicts">
        <legend>Verdict</legend>
        {VERDICTS.map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="post-check-verdict"
              value={v}
              checked={verdict === v}
              onChange={() => setVerdict(v)}
            />
            {v}
          </label>
        ))}
      </fieldset>
      <div className="controls">
        <button type="button" onClick={() => void lock()} disabled={!verdict || saving}>
          Lock my post-check
        </button>
        {!verdict && <span role="status">Choose a verdict first.</span>}
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
  const { saved } = props;
  const score = saved.score;
  const pre = props.prediction?.score ? comparablePoints(props.prediction.score) : null;
  return (
    <section className="card prediction post-check" aria-labelledby="post-check-title">
      <h2 id="post-check-title">
        Post-check <span className="tag">locked</span>
      </h2>
      <p>{TRANSFER_ITEMS[props.transfer].title}.</p>
      <ProfileSketch
        layers={score?.measured ? Math.max(2, score.measured.length) : props.layers}
        curves={[
          { values: saved.curve, label: "Your sketch", kind: "sketch" },
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
            ? "Your post-check sketch and the measured gradient per layer, relative to the last layer"
            : "Your post-check sketch of the gradient per layer"
        }
      />
      {score ? (
        <div role="status" className="prediction-score">
          <p className="score-total">
            Post-check score: <strong>{score.total.toFixed(0)}</strong> of 100
            {pre !== null && <> (your prediction: {pre.toFixed(0)} on the same scale)</>}
          </p>
          <ul>
            <li>
              {score.distance === null
                ? "Profile: not scored (the measured profile is undefined)."
                : `Profile: ${score.profilePoints.toFixed(0)} of ${PROFILE_POINTS} (${score.distance.toFixed(1)} decades off on average; ${PROFILE_ZERO_DECADES} or more scores 0)`}
            </li>
            <li>
              Verdict: you said {saved.verdict}, it was {score.measuredVerdict} (
              {score.verdictPoints} of {VERDICT_POINTS})
            </li>
          </ul>
          <p className="muted">
            Profile and verdict only, scaled to 100: no one trained this network, so there is no
            accuracy to guess. Your prediction is counted the same way.
          </p>
        </div>
      ) : (
        <p role="status">
          You said {saved.verdict}.{" "}
          {props.scoreAtDue
            ? `You see the measurement and your score at the due date (${props.scoreAtDue}).`
            : "The server is measuring it."}
        </p>
      )}
    </section>
  );
}
