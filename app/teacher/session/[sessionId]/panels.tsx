"use client";
/** The dashboard's panels: join code and QR, challenges, leaderboard, roster, class heatmap, alerts. */
import Image from "next/image";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { CURRICULUM } from "../../../../lib/challenges/curriculum";
import type { ChallengeAction } from "../../../../lib/protocol/schemas";
import type {
  BoardEntryView,
  ChallengeView,
  ParticipantView,
  RunAlert,
  RunView,
  SessionView,
} from "../../../../lib/protocol/views";
import { request } from "../../../_client/socket";
import { CustomChallengeForm } from "./custom-challenge";
import {
  HEATMAP_LOG_MAX,
  HEATMAP_LOG_MIN,
  heatmapPosition,
  viridis,
} from "../../../_client/colour";
import { formatScore } from "../../../_client/format";

export function JoinPanel({ session }: { session: SessionView }) {
  const [qr, setQr] = useState<string | null>(null);
  const link =
    typeof window === "undefined" || !session.joinCode
      ? ""
      : `${window.location.origin}/join/${session.joinCode}`;
  useEffect(() => {
    if (link) void QRCode.toDataURL(link, { margin: 1, width: 480 }).then(setQr);
  }, [link]);
  return (
    <section className="card join-panel" aria-labelledby="join-title">
      <div>
        <h1 id="join-title">{session.title}</h1>
        {session.joinCode ? (
          <>
            <p className="join-link">
              Join at <strong>{link || "this site"}</strong> or with the code
            </p>
            <p
              className="big-code"
              aria-label={`Join code ${session.joinCode.split("").join(" ")}`}
            >
              {session.joinCode}
            </p>
            <button
              type="button"
              className="secondary"
              onClick={() => void request("session:close", { sessionId: session.id })}
            >
              Close the session
            </button>{" "}
            <a href={`/teacher/session/${session.id}/report`}>Report so far</a>
          </>
        ) : (
          <p>
            This session is closed.{" "}
            <a href={`/teacher/session/${session.id}/report`}>Open the report</a>
          </p>
        )}
      </div>
      {session.joinCode && qr && (
        <Image src={qr} alt={`QR code for ${link}`} width={240} height={240} unoptimized />
      )}
    </section>
  );
}

const ACTIONS: Record<ChallengeView["status"], ChallengeAction[]> = {
  draft: ["open", "close"],
  open: ["lock", "close"],
  locked: ["reopen", "close"],
  closed: [],
};

export function ChallengesPanel(props: {
  sessionId: string;
  sessionOpen: boolean;
  challenges: ChallengeView[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const [templateKey, setTemplateKey] = useState(CURRICULUM[0]!.key);
  const template = CURRICULUM.find((t) => t.key === templateKey)!;
  return (
    <section className="card" aria-labelledby="challenges-title">
      <h2 id="challenges-title">Challenges</h2>
      <ul className="challenge-list">
        {props.challenges.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              aria-pressed={c.id === props.selected}
              className={c.id === props.selected ? "" : "secondary"}
              onClick={() => props.onSelect(c.id)}
            >
              {c.title}
            </button>{" "}
            <span className="tag">{c.status}</span>{" "}
            {ACTIONS[c.status].map((action) => (
              <button
                key={action}
                type="button"
                className="secondary small"
                onClick={() => void request("challenge:transition", { challengeId: c.id, action })}
              >
                {action[0]!.toUpperCase() + action.slice(1)}
              </button>
            ))}
          </li>
        ))}
      </ul>
      {props.sessionOpen && (
        <div className="post">
          <label>
            Post from the curriculum
            <select value={templateKey} onChange={(e) => setTemplateKey(e.target.value)}>
              {CURRICULUM.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.title}
                </option>
              ))}
            </select>
          </label>
          <details>
            <summary>Teacher note ({template.source})</summary>
            <p>{template.spec.teacherNote}</p>
          </details>
          <button
            type="button"
            onClick={() =>
              void request("challenge:post", { sessionId: props.sessionId, templateKey }).then(
                (c) => props.onSelect(c.id),
              )
            }
          >
            Post challenge
          </button>
          <CustomChallengeForm sessionId={props.sessionId} onPosted={props.onSelect} />
        </div>
      )}
    </section>
  );
}

export function BoardPanel({
  challenge,
  board,
}: {
  challenge: ChallengeView;
  board: BoardEntryView[];
}) {
  const [hideNames, setHideNames] = useState(false);
  const top = board.slice(0, 10);
  return (
    <section className="card board" aria-labelledby="board-title">
      <h2 id="board-title">Leaderboard: {challenge.title}</h2>
      <label className="inline">
        <input
          type="checkbox"
          checked={hideNames}
          onChange={(e) => setHideNames(e.target.checked)}
        />{" "}
        Hide names
      </label>
      <ol aria-live="polite">
        {top.map((e) => (
          <li key={e.participantId}>
            <span>{hideNames ? `Student ${e.rank}` : e.nickname}</span>{" "}
            <span>{formatScore(challenge, e.score)}</span>
          </li>
        ))}
      </ol>
      {board.length === 0 && <p>No verified runs yet.</p>}
    </section>
  );
}

export function RosterPanel({
  roster,
  submissions,
}: {
  roster: ParticipantView[];
  submissions: number;
}) {
  const present = roster.filter((p) => !p.removed);
  return (
    <section className="card" aria-labelledby="roster-title">
      <h2 id="roster-title">
        Class: {present.filter((p) => p.online).length} online of {present.length} · {submissions}{" "}
        runs
      </h2>
      <ul className="roster">
        {present.map((p) => (
          <li key={p.id}>
            <span className={p.online ? "dot online" : "dot"} aria-hidden="true" />
            {p.nickname} <span className="muted">{p.online ? "online" : "away"}</span>{" "}
            <button
              type="button"
              className="secondary small"
              onClick={() => void request("participant:remove", { participantId: p.id })}
              aria-label={`Remove ${p.nickname}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Students (rows) x layers (columns): each student's latest run, ||dL/dW|| on a log scale. */
export function ClassHeatmap({ roster, runs }: { roster: ParticipantView[]; runs: RunView[] }) {
  const latest = new Map<string, RunView>();
  for (const r of runs) if (r.profile) latest.set(r.participantId, r);
  const rows = roster.filter((p) => latest.has(p.id));
  const depth = Math.max(0, ...rows.map((p) => latest.get(p.id)!.profile!.length));
  if (rows.length === 0) return null;
  return (
    <section className="card class-heatmap" aria-labelledby="heatmap-title">
      <h2 id="heatmap-title">Gradient flow across the class</h2>
      <table>
        <caption className="muted">
          ||dL/dW|| per layer of each student&apos;s latest run (layer 1 left), from 1e
          {HEATMAP_LOG_MIN} (dark) to 1e{HEATMAP_LOG_MAX} (yellow)
        </caption>
        <tbody>
          {rows.map((p) => {
            const run = latest.get(p.id)!;
            return (
              <tr key={p.id}>
                <th scope="row">{p.nickname}</th>
                {Array.from({ length: depth }, (_, l) => {
                  const v = run.profile![l];
                  const t = v ? heatmapPosition(v) : 0;
                  return (
                    <td
                      key={l}
                      title={`layer ${l + 1}: ${v?.toExponential(1) ?? "overflow"}`}
                      style={{ background: v === null || v === undefined ? "#d55e00" : viridis(t) }}
                    />
                  );
                })}
                <td className="muted">{run.diverged ? "diverged" : (run.verdict ?? "")}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function AlertsPanel({ alerts, roster }: { alerts: RunAlert[]; roster: ParticipantView[] }) {
  const name = (id: string) => roster.find((p) => p.id === id)?.nickname ?? "A student";
  const text = {
    diverged: "diverged (NaN loss)",
    exploding: "has exploding gradients at init",
    mismatch: "claimed more than its weights do",
  };
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <ul aria-live="assertive" className="alerts">
        {alerts.map((a) => (
          <li key={`${a.runId}-${a.kind}`}>
            {name(a.participantId)}&apos;s run {text[a.kind]}
          </li>
        ))}
      </ul>
      {alerts.length === 0 && <p className="muted">No alerts.</p>}
    </section>
  );
}
