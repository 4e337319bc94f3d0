"use client";
/** The class at a glance: each student's gradient profile (students x layers), and the alerts. */
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { alertsOf } from "../../../../lib/challenges/alerts";
import { directionOf, isAppLocale } from "../../../../lib/i18n/locales";
import type { ChallengeView, ParticipantView, RunView } from "../../../../lib/protocol/views";
import { useChallengeText } from "../../../_client/challenge-text";
import {
  HEATMAP_LOG_MAX,
  HEATMAP_LOG_MIN,
  heatmapPosition,
  viridis,
} from "../../../_client/colour";

/** Students (rows) x layers (columns): each student's latest run, ||dL/dW|| on a log scale. */
export function ClassHeatmap({
  roster,
  runs,
  name,
}: {
  roster: ParticipantView[];
  runs: RunView[];
  name: (participantId: string) => string;
}) {
  const t = useTranslations("classView");
  const tc = useTranslations("common");
  const locale = useLocale();
  const latest = new Map<string, RunView>();
  for (const r of runs) if (r.profile) latest.set(r.participantId, r);
  const rows = roster.filter((p) => !p.removed && latest.has(p.id));
  const depth = Math.max(0, ...rows.map((p) => latest.get(p.id)!.profile!.length));
  if (rows.length === 0) return null;
  return (
    <section className="card class-heatmap" aria-labelledby="heatmap-title">
      <h2 id="heatmap-title">{t("heatmapTitle")}</h2>
      {/* Layer 1 on the left in every language, as the lessons say; the words read in theirs. */}
      <div className="table-scroll" dir="ltr">
        <table>
          <caption className="muted" dir={directionOf(isAppLocale(locale) ? locale : "en")}>
            {t("heatmapCaption", {
              min: String(HEATMAP_LOG_MIN),
              max: String(HEATMAP_LOG_MAX),
            })}{" "}
            {t("inputLayer")}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="sr-only">
                {t("student")}
              </th>
              {/* Layer numbers on the axis: 1, then every fifth (every layer up to 10). */}
              {Array.from({ length: depth }, (_, l) => (
                <th key={l} scope="col" className="layer-tick">
                  {l === 0 || depth <= 10 || (l + 1) % 5 === 0 ? l + 1 : ""}
                </th>
              ))}
              <th scope="col" className="verdict-head">
                {t("afterTraining")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => {
              const run = latest.get(p.id)!;
              return (
                <tr key={p.id}>
                  <th scope="row">{name(p.id)}</th>
                  {Array.from({ length: depth }, (_, l) => {
                    // A shallower network than the deepest in class has no such layer.
                    if (l >= run.profile!.length) return <td key={l} className="no-layer" />;
                    const v = run.profile![l];
                    return (
                      <td
                        key={l}
                        title={
                          v === null || v === undefined
                            ? t("cellOverflow", { layer: l + 1 })
                            : t("cellTitle", { layer: l + 1, value: v.toExponential(1) })
                        }
                        style={{
                          background:
                            v === null || v === undefined ? "#d55e00" : viridis(heatmapPosition(v)),
                        }}
                      />
                    );
                  })}
                  <td className="muted">
                    {run.diverged
                      ? t("diverged")
                      : run.finalVerdict
                        ? tc(`verdicts.${run.finalVerdict}`)
                        : ""}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * Alerts from every settled run of the session, newest first: a reload keeps them. Each says which
 * challenge and when; a failure a challenge expects as its lesson raises none.
 */
export function AlertsPanel({
  runs,
  challenges,
  name,
}: {
  runs: RunView[];
  challenges: ChallengeView[];
  name: (participantId: string) => string;
}) {
  const t = useTranslations("classView");
  const format = useFormatter();
  const textOf = useChallengeText();
  const byId = new Map(challenges.map((c) => [c.id, c]));
  const alerts = runs
    .flatMap((r) =>
      alertsOf(r, byId.get(r.challengeId)?.spec.expectedFailures).map((kind) => ({ kind, run: r })),
    )
    .reverse()
    .slice(0, 30);
  const time = (iso: string) =>
    format.dateTime(new Date(iso), { hour: "2-digit", minute: "2-digit" });
  const titleOf = (challengeId: string) => {
    const challenge = byId.get(challengeId);
    return challenge ? textOf(challenge).title : t("someChallenge");
  };
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t("alertsTitle")}</h2>
      <ul aria-live="assertive" className="alerts">
        {alerts.map((a) => (
          <li key={`${a.run.id}-${a.kind}`}>
            <span className="muted">
              {t("alertWhere", {
                time: time(a.run.submittedAt),
                challenge: titleOf(a.run.challengeId),
              })}
            </span>{" "}
            {t(`alerts.${a.kind}`, { name: name(a.run.participantId) })}
          </li>
        ))}
      </ul>
      {alerts.length === 0 && <p className="muted">{t("noAlerts")}</p>}
    </section>
  );
}
