"use client";
/**
 * The dashboard's panels: join code, link and QR with the session's switches (lock joining, hide
 * names), challenges, leaderboard and roster. Every teacher action goes through `act`, which shows
 * what failed; the irreversible ones ask first.
 */
import Image from "next/image";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { CURRICULUM } from "../../../../lib/challenges/curriculum";
import { actionsFrom, type ChallengeAction } from "../../../../lib/challenges/status";
import type {
  BoardEntryView,
  RefusedJoinView,
  ChallengeView,
  ParticipantView,
  SessionView,
} from "../../../../lib/protocol/views";
import { ConfirmButton } from "../../../_client/confirm";
import { formatScore } from "../../../_client/format";
import { classSocket, request } from "../../../_client/socket";
import type { JoinAddress } from "./join-address";
import { CustomChallengeForm } from "./custom-challenge";

/** Runs a teacher action; a failure is shown on the dashboard, never dropped. */
export type Act = (what: string, action: () => Promise<unknown>) => void;

/** A student's name on the projector: hidden names become "Student N" (order of joining). */
export function nameOf(roster: ParticipantView[], hide: boolean) {
  const order = new Map(roster.map((p, i) => [p.id, i + 1]));
  return (id: string) =>
    hide
      ? `Student ${order.get(id) ?? "?"}`
      : (roster.find((p) => p.id === id)?.nickname ?? "A student");
}

export function JoinPanel({
  session,
  join,
  act,
}: {
  session: SessionView;
  join: JoinAddress;
  act: Act;
}) {
  const [qr, setQr] = useState<string | null>(null);
  const link =
    join.url ??
    (typeof window === "undefined" || !session.joinCode
      ? ""
      : `${window.location.origin}/join/${session.joinCode}`);
  useEffect(() => {
    if (link) void QRCode.toDataURL(link, { margin: 1, width: 480 }).then(setQr);
  }, [link]);
  const configure = (
    what: string,
    change: { joinLocked?: boolean; hideNames?: boolean; lobby?: boolean },
  ) =>
    new Promise<void>((resolve) =>
      act(what, async () => {
        try {
          await request("session:configure", { sessionId: session.id, ...change });
        } finally {
          resolve();
        }
      }),
    );
  return (
    <section className="card join-panel" aria-labelledby="join-title">
      <div>
        <h1 id="join-title">{session.title}</h1>
        {session.joinCode ? (
          <>
            <p className="join-link">
              Join at <strong>{link || "this site"}</strong> or with the code
            </p>
            {join.choices.length > 1 && (
              <label className="join-address">
                Students reach this computer at{" "}
                <select value={join.origin ?? ""} onChange={(e) => join.choose(e.target.value)}>
                  {join.choices.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <p
              className="big-code"
              aria-label={`Join code ${session.joinCode.split("").join(" ")}`}
            >
              {session.joinCode}
            </p>
            {session.joinLocked && (
              <p className="verdict-exploding" role="status">
                Joining is locked: no new students can join.
              </p>
            )}
            <div className="settings">
              <SessionSwitch
                label="Lock joining"
                value={session.joinLocked}
                onChange={(joinLocked) => configure("lock joining", { joinLocked })}
              />
              <SessionSwitch
                label="Hide names"
                value={session.hideNames}
                onChange={(hideNames) => configure("hide names", { hideNames })}
              />
              <SessionSwitch
                label="Admit newcomers one by one"
                value={session.lobby}
                onChange={(lobby) => configure("switch the lobby", { lobby })}
              />
              <a href={`/teacher/session/${session.id}/present`}>Projector view</a>
              <a href={`/teacher/session/${session.id}/report`}>Report so far</a>
            </div>
            <ConfirmButton
              className="secondary"
              question="Close the session? Students can no longer submit, and the join code stops working."
              confirm="Close the session"
              onConfirm={() =>
                act("close the session", () => request("session:close", { sessionId: session.id }))
              }
            >
              Close the session
            </ConfirmButton>
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

/**
 * A session setting as a checkbox: it shows the teacher's click at once and settles on what the
 * server says (the value comes back in session:updated; a refusal puts it back).
 */
function SessionSwitch(props: {
  label: string;
  value: boolean;
  onChange: (value: boolean) => Promise<void>;
}) {
  const [pending, setPending] = useState<boolean | null>(null);
  return (
    <label className="inline">
      <input
        type="checkbox"
        checked={pending ?? props.value}
        onChange={(e) => {
          const wanted = e.target.checked;
          setPending(wanted);
          void props.onChange(wanted).finally(() => setPending(null));
        }}
      />
      {props.label}
    </label>
  );
}

const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export function ChallengesPanel(props: {
  sessionId: string;
  sessionOpen: boolean;
  challenges: ChallengeView[];
  selected: string | null;
  onSelect: (id: string) => void;
  act: Act;
}) {
  const { act } = props;
  const [templateKey, setTemplateKey] = useState(CURRICULUM[0]!.key);
  const template = CURRICULUM.find((t) => t.key === templateKey)!;
  const posted = new Set(props.challenges.map((c) => c.templateKey));
  const transition = (c: ChallengeView, action: ChallengeAction) =>
    act(`${action} "${c.title}"`, () =>
      request("challenge:transition", { challengeId: c.id, action }),
    );
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
            {actionsFrom(c.status).map((action) =>
              action === "close" ? (
                <ConfirmButton
                  key={action}
                  className="secondary small"
                  question={`Close "${c.title}"? Students can no longer submit to it, and it cannot be reopened.`}
                  confirm="Close the challenge"
                  onConfirm={() => transition(c, action)}
                >
                  Close
                </ConfirmButton>
              ) : (
                <button
                  key={action}
                  type="button"
                  className="secondary small"
                  onClick={() => transition(c, action)}
                >
                  {capitalised(action)}
                </button>
              ),
            )}
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
                  {posted.has(t.key) ? `${t.title} (posted)` : t.title}
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
              act(`post "${template.title}"`, async () => {
                const c = await request("challenge:post", {
                  sessionId: props.sessionId,
                  templateKey,
                });
                props.onSelect(c.id);
              })
            }
          >
            {posted.has(templateKey) ? "Post it again" : "Post challenge"}
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
  name,
}: {
  challenge: ChallengeView;
  board: BoardEntryView[];
  name: (participantId: string) => string;
}) {
  const top = board.slice(0, 10);
  return (
    <section className="card board" aria-labelledby="board-title">
      <h2 id="board-title">Leaderboard: {challenge.title}</h2>
      <ol aria-live="polite">
        {top.map((e) => (
          <li key={e.participantId}>
            <span>{name(e.participantId)}</span> <span>{formatScore(challenge, e.score)}</span>
          </li>
        ))}
      </ol>
      {board.length === 0 && <p>Nobody on the board yet.</p>}
    </section>
  );
}

/**
 * The class: who is in (online or away), who waits in the lobby to be let in, and which removed
 * devices tried to come back (the server tells the teacher as they try).
 */
export function RosterPanel({
  roster,
  submissions,
  name,
  act,
}: {
  roster: ParticipantView[];
  submissions: number;
  name: (participantId: string) => string;
  act: Act;
}) {
  const [refused, setRefused] = useState<RefusedJoinView[]>([]);
  useEffect(() => {
    const socket = classSocket();
    const onRefused = (r: RefusedJoinView) => setRefused((rs) => [r, ...rs].slice(0, 10));
    socket.on("participant:refused", onRefused);
    return () => {
      socket.off("participant:refused", onRefused);
    };
  }, []);
  const present = roster.filter((p) => !p.removed && p.admitted);
  const waiting = roster.filter((p) => !p.removed && !p.admitted);
  const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
  const remove = (p: ParticipantView) => (
    <ConfirmButton
      className="secondary small"
      ariaLabel={`Remove ${name(p.id)}`}
      question={`Remove ${name(p.id)} from the class? Their device cannot join this session again.`}
      confirm="Remove"
      onConfirm={() =>
        act(`remove ${name(p.id)}`, () => request("participant:remove", { participantId: p.id }))
      }
    >
      Remove
    </ConfirmButton>
  );
  return (
    <section className="card" aria-labelledby="roster-title">
      <h2 id="roster-title">
        Class: {present.filter((p) => p.online).length} online of {present.length} · {submissions}{" "}
        runs
      </h2>
      {(waiting.length > 0 || refused.length > 0) && (
        <div className="lobby" role="region" aria-label="Lobby">
          <h3>Waiting to be let in</h3>
          {waiting.length === 0 && <p className="muted">Nobody is waiting.</p>}
          <ul className="roster">
            {waiting.map((p) => (
              <li key={p.id}>
                <span className="who">{p.nickname}</span>{" "}
                <button
                  type="button"
                  className="small"
                  aria-label={`Admit ${p.nickname}`}
                  onClick={() =>
                    act(`admit ${p.nickname}`, () =>
                      request("participant:admit", { participantId: p.id }),
                    )
                  }
                >
                  Admit
                </button>{" "}
                {remove(p)}
              </li>
            ))}
          </ul>
          {refused.length > 0 && (
            <ul className="refused" aria-label="Refused">
              {refused.map((r) => (
                <li key={`${r.at}-${r.nickname}`}>
                  {time.format(new Date(r.at))}: the device of {r.removedAs} (removed) tried to join
                  as {r.nickname}, and was refused.
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ul className="roster">
        {present.map((p) => (
          <li key={p.id}>
            <span className={p.online ? "dot online" : "dot"} aria-hidden="true" />
            <span className="who">{name(p.id)}</span>{" "}
            <span className="muted">{p.online ? "online" : "away"}</span> {remove(p)}
          </li>
        ))}
      </ul>
    </section>
  );
}
