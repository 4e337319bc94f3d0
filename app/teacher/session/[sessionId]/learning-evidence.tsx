"use client";
/**
 * What the class learned on a challenge with a post-check: each student's prediction (pre) and
 * post-check (post) on one scale, their normalized gain, the class's gain (Hake 1998) with its
 * distribution, and which wrong verdicts moved between the two.
 */
import {
  classGain,
  confusionShifts,
  evidenceRows,
  normalizedGain,
  verdictsRight,
} from "../../../../lib/challenges/gain";
import { TRANSFER_ITEMS } from "../../../../lib/challenges/transfer";
import type { ChallengeView, PostCheckView, PredictionView } from "../../../../lib/protocol/views";

const fmt = (x: number | null, digits = 0) => (x === null ? "–" : x.toFixed(digits));

export function LearningEvidence(props: {
  challenge: ChallengeView;
  predictions: PredictionView[];
  postChecks: PostCheckView[];
  name: (participantId: string) => string;
}) {
  const { challenge } = props;
  if (!challenge.spec.postCheck) return null;
  const rows = evidenceRows(props.predictions, props.postChecks);
  const g = classGain(rows);
  const shifts = confusionShifts(rows);
  const right = verdictsRight(rows);
  const most = Math.max(1, ...g.bands.map((b) => b.count));
  const id = `evidence-${challenge.id}`;
  return (
    <section className="evidence" aria-labelledby={id}>
      <h3 id={id}>What the class learned</h3>
      <p className="muted">
        Post-check network: {TRANSFER_ITEMS[challenge.spec.postCheck.transfer].title}. Pre is each
        student&apos;s prediction, post their post-check, both on profile and verdict out of 100.
        Normalized gain g = (post − pre) / (100 − pre).
      </p>
      {g.students === 0 ? (
        <p role="status">
          No student has both a scored prediction and a post-check yet ({props.postChecks.length}{" "}
          post-check{props.postChecks.length === 1 ? "" : "s"} so far).
        </p>
      ) : (
        <>
          <p className="gain-headline" role="status">
            Class gain <strong>g = {fmt(g.gain, 2)}</strong> over {g.students} student
            {g.students === 1 ? "" : "s"} (mean pre {fmt(g.preMean)}, mean post {fmt(g.postMean)};
            mean of individual gains {fmt(g.meanOfGains, 2)}). Hake (1998): interactive-engagement
            courses average 0.48, traditional ones 0.23.
          </p>
          <div className="gain-bands" role="img" aria-label="How many students gained how much">
            {g.bands.map((b) => (
              <div key={b.label} className="gain-band">
                <span className="gain-label">{b.label}</span>
                <span className="gain-bar" style={{ inlineSize: `${(100 * b.count) / most}%` }} />
                <span className="gain-count">{b.count}</span>
              </div>
            ))}
          </div>
        </>
      )}
      <p>
        Verdicts right: {right.before.right} of {right.before.of} in the predictions,{" "}
        {right.after.right} of {right.after.of} in the post-checks.
      </p>
      {shifts.length > 0 && (
        <table className="confusions">
          <caption>Wrong verdicts, before and after</caption>
          <thead>
            <tr>
              <th scope="col">Answered</th>
              <th scope="col">When it was</th>
              <th scope="col">Predictions</th>
              <th scope="col">Post-checks</th>
            </tr>
          </thead>
          <tbody>
            {shifts.map((s) => (
              <tr key={`${s.answered}-${s.measured}`}>
                <td>{s.answered}</td>
                <td>{s.measured}</td>
                <td>{s.before}</td>
                <td>{s.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > 0 && (
        <table className="evidence-rows">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Pre</th>
              <th scope="col">Post</th>
              <th scope="col">g</th>
              <th scope="col">Verdicts (answered / measured)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.participantId}>
                <th scope="row">{props.name(r.participantId)}</th>
                <td>{fmt(r.pre)}</td>
                <td>{fmt(r.post)}</td>
                <td>{fmt(normalizedGain(r.pre, r.post), 2)}</td>
                <td>
                  {r.preVerdict ? `${r.preVerdict} / ${r.preMeasured}` : "–"} →{" "}
                  {r.postVerdict ? `${r.postVerdict} / ${r.postMeasured}` : "–"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
