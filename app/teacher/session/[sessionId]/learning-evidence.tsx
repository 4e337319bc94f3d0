"use client";
/**
 * What the class learned on a challenge with a post-check: each student's prediction (pre) and
 * post-check (post) on one scale, their normalized gain, the class's gain (Hake 1998) with its
 * distribution, and which wrong verdicts moved between the two.
 */
import { useTranslations } from "next-intl";
import {
  classGain,
  confusionShifts,
  evidenceRows,
  type GAIN_BANDS,
  normalizedGain,
  verdictsRight,
} from "../../../../lib/challenges/gain";
import type { Verdict } from "../../../../lib/nn/summary";
import type { ChallengeView, PostCheckView, PredictionView } from "../../../../lib/protocol/views";
import { useTransferTitle } from "../../../_client/challenge-text";
import { useFormat } from "../../../_client/format";

/** Each of Hake's bands (lib/challenges/gain.ts labels them in English) by its catalog key. */
const BAND_KEYS = {
  "lost (g < 0)": "lost",
  "low (0 ≤ g < 0.3)": "low",
  "medium (0.3 ≤ g < 0.7)": "medium",
  "high (g ≥ 0.7)": "high",
} as const satisfies Record<(typeof GAIN_BANDS)[number]["label"], string>;

/** Hake (1998): the mean g of interactive-engagement courses, and of traditional ones. */
const HAKE = { interactive: 0.48, traditional: 0.23 };

export function LearningEvidence(props: {
  challenge: ChallengeView;
  predictions: PredictionView[];
  postChecks: PostCheckView[];
  name: (participantId: string) => string;
}) {
  const t = useTranslations("learningEvidence");
  const tc = useTranslations("common");
  const format = useFormat();
  const transferTitle = useTransferTitle();
  const { challenge } = props;
  if (!challenge.spec.postCheck) return null;
  const fmt = (x: number | null, digits = 0) => (x === null ? "–" : format.fixed(x, digits));
  const verdict = (v: Verdict) => tc(`verdicts.${v}`);
  const pair = (answered: Verdict | null, measured: Verdict | null) =>
    answered && measured ? `${verdict(answered)} / ${verdict(measured)}` : "–";
  const rows = evidenceRows(props.predictions, props.postChecks);
  const g = classGain(rows);
  const shifts = confusionShifts(rows);
  const right = verdictsRight(rows);
  const most = Math.max(1, ...g.bands.map((b) => b.count));
  const id = `evidence-${challenge.id}`;
  const headline = t.rich("headline", {
    gain: fmt(g.gain, 2),
    students: g.students,
    preMean: fmt(g.preMean),
    postMean: fmt(g.postMean),
    meanOfGains: fmt(g.meanOfGains, 2),
    interactive: format.fixed(HAKE.interactive, 2),
    traditional: format.fixed(HAKE.traditional, 2),
    strong: (chunks) => <strong>{chunks}</strong>,
  });
  return (
    <section className="evidence" aria-labelledby={id}>
      <h3 id={id}>{t("heading")}</h3>
      <p className="muted">
        {t("explain", { network: transferTitle(challenge.spec.postCheck.transfer) })}
      </p>
      {g.students === 0 ? (
        <p role="status">{t("noneYet", { postChecks: props.postChecks.length })}</p>
      ) : (
        <>
          <p className="gain-headline" role="status">
            {headline}
          </p>
          <div className="gain-bands" role="img" aria-label={t("bandsLabel")}>
            {g.bands.map((b) => (
              <div key={b.label} className="gain-band">
                <span className="gain-label">
                  {t(`bands.${BAND_KEYS[b.label as keyof typeof BAND_KEYS]}`)}
                </span>
                <span className="gain-bar" style={{ inlineSize: `${(100 * b.count) / most}%` }} />
                <span className="gain-count">{format.number(b.count)}</span>
              </div>
            ))}
          </div>
        </>
      )}
      <p>
        {t("verdictsRight", {
          beforeRight: right.before.right,
          beforeOf: right.before.of,
          afterRight: right.after.right,
          afterOf: right.after.of,
        })}
      </p>
      {shifts.length > 0 && (
        <div className="table-scroll">
          <table className="confusions">
            <caption>{t("confusions.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("confusions.answered")}</th>
                <th scope="col">{t("confusions.measured")}</th>
                <th scope="col">{t("confusions.before")}</th>
                <th scope="col">{t("confusions.after")}</th>
              </tr>
            </thead>
            <tbody>
              {shifts.map((s) => (
                <tr key={`${s.answered}-${s.measured}`}>
                  <td>{verdict(s.answered)}</td>
                  <td>{verdict(s.measured)}</td>
                  <td>{format.number(s.before)}</td>
                  <td>{format.number(s.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="evidence-rows">
            <thead>
              <tr>
                <th scope="col">{t("rows.student")}</th>
                <th scope="col">{t("rows.pre")}</th>
                <th scope="col">{t("rows.post")}</th>
                <th scope="col">{t("rows.gain")}</th>
                <th scope="col">{t("rows.verdicts")}</th>
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
                    {t("change", {
                      before: pair(r.preVerdict, r.preMeasured),
                      after: pair(r.postVerdict, r.postMeasured),
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
