"use client";
/** The class at a glance: each student's gradient profile (students x layers), and the alerts. */
import { alertsOf, type AlertKind } from "../../../../lib/challenges/alerts";
import { INPUT_LAYER_CAPTION } from "../../../../lib/nn/summary";
import type { ChallengeView, ParticipantView, RunView } from "../../../../lib/protocol/views";
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
  const latest = new Map<string, RunView>();
  for (const r of runs) if (r.profile) latest.set(r.participantId, r);
  const rows = roster.filter((p) => !p.removed && latest.has(p.id));
  const depth = Math.max(0, ...rows.map((p) => latest.get(p.id)!.profile!.length));
  if (rows.length === 0) return null;
  return (
    <section className="card class-heatmap" aria-labelledby="heatmap-title">
      <h2 id="heatmap-title">Gradient flow across the class</h2>
      <div className="table-scroll">
        <table>
          <caption className="muted">
            ||dL/dW|| per layer of each student&apos;s latest run (layer 1 left), from 1e
            {HEATMAP_LOG_MIN} (dark) to 1e{HEATMAP_LOG_MAX} (yellow). {INPUT_LAYER_CAPTION}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="sr-only">
                Student
              </th>
              {/* Layer numbers on the axis: 1, then every fifth (every layer up to 10). */}
              {Array.from({ length: depth }, (_, l) => (
                <th key={l} scope="col" className="layer-tick">
                  {l === 0 || depth <= 10 || (l + 1) % 5 === 0 ? l + 1 : ""}
                </th>
              ))}
              <th scope="col" className="sr-only">
                After training
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
                        title={`layer ${l + 1}: ${v?.toExponential(1) ?? "overflow"}`}
                        style={{
                          background:
                            v === null || v === undefined ? "#d55e00" : viridis(heatmapPosition(v)),
                        }}
                      />
                    );
                  })}
                  <td className="muted">
                    {run.diverged
                      ? "diverged"
                      : run.finalVerdict
                        ? `after training: ${run.finalVerdict}`
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

const TEXT: Record<AlertKind, string> = {
  diverged: "diverged (NaN loss)",
  stalled: "stalled near chance",
  vanishing: "still has vanishing gradients after training",
  exploding: "still has exploding gradients after training",
  mismatch: "claimed more than its weights do",
};

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
  const byId = new Map(challenges.map((c) => [c.id, c]));
  const alerts = runs
    .flatMap((r) =>
      alertsOf(r, byId.get(r.challengeId)?.spec.expectedFailures).map((kind) => ({ kind, run: r })),
    )
    .reverse()
    .slice(0, 30);
  const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <ul aria-live="assertive" className="alerts">
        {alerts.map((a) => (
          <li key={`${a.run.id}-${a.kind}`}>
            <span className="muted">
              {time.format(new Date(a.run.submittedAt))} ·{" "}
              {byId.get(a.run.challengeId)?.title ?? "a challenge"}:
            </span>{" "}
            {name(a.run.participantId)}&apos;s run {TEXT[a.kind]}
          </li>
        ))}
      </ul>
      {alerts.length === 0 && <p className="muted">No alerts.</p>}
    </section>
  );
}
