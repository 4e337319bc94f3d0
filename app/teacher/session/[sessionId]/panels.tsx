"use client";
/**
 * The dashboard's panels: join code, link and QR with the session's switches (lock joining, hide
 * names, the class's language), challenges, leaderboard and roster. Every teacher action goes
 * through `act`, which shows what failed; the irreversible ones ask first.
 */
import { useFormatter, useTranslations } from "next-intl";
import Image from "next/image";
import QRCode from "qrcode";
import { useCallback, useEffect, useId, useState, type ReactNode } from "react";
import { CURRICULUM } from "../../../../lib/challenges/curriculum";
import { actionsFrom, type ChallengeAction } from "../../../../lib/challenges/status";
import type {
  BoardEntryView,
  RefusedJoinView,
  ChallengeView,
  ParticipantView,
  SessionView,
} from "../../../../lib/protocol/views";
import { LOCALE_NAMES, LOCALES, isLocale, type Locale } from "../../../../lib/i18n/locales";
import { useChallengeText, useTemplateText } from "../../../_client/challenge-text";
import { ConfirmButton } from "../../../_client/confirm";
import { useFormat } from "../../../_client/format";
import { classSocket, request } from "../../../_client/socket";
import type { JoinAddress } from "./join-address";
import { CustomChallengeForm } from "./custom-challenge";

/**
 * Runs a teacher action; a failure is shown on the dashboard, never dropped, in the words `failure`
 * gives it (a whole catalog message, with the reason: the server's refusal in words).
 */
export type Act = (failure: (reason: string) => string, action: () => Promise<unknown>) => void;

/** How a name reads when names are hidden, or unknown. */
export interface NameWords {
  student: (order: number) => string;
  someone: string;
}

/** A student's name on the projector: hidden names become "Student N" (order of joining). */
export function nameOf(roster: ParticipantView[], hide: boolean, words: NameWords) {
  const order = new Map(roster.map((p, i) => [p.id, i + 1]));
  return (id: string) => {
    const n = order.get(id);
    if (hide) return n === undefined ? words.someone : words.student(n);
    return roster.find((p) => p.id === id)?.nickname ?? words.someone;
  };
}

/** nameOf in the page's language. */
export function useNameOf(): (roster: ParticipantView[], hide: boolean) => (id: string) => string {
  const t = useTranslations("panels");
  return useCallback(
    (roster, hide) =>
      nameOf(roster, hide, { student: (n) => t("student", { n }), someone: t("someone") }),
    [t],
  );
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
  const t = useTranslations("panels");
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
    failure: (reason: string) => string,
    change: { joinLocked?: boolean; hideNames?: boolean; lobby?: boolean; locale?: Locale },
  ) =>
    new Promise<void>((resolve) =>
      act(failure, async () => {
        try {
          await request("session:configure", { sessionId: session.id, ...change });
        } finally {
          resolve();
        }
      }),
    );
  const strong = (c: ReactNode) => <strong>{c}</strong>;
  const joinLine = link ? t.rich("joinAt", { link, strong }) : t.rich("joinHere", { strong });
  const closedLine = t.rich("closed", {
    link: (c) => <a href={`/teacher/session/${session.id}/report`}>{c}</a>,
  });
  return (
    <section className="card join-panel" aria-labelledby="join-title">
      <div>
        <h1 id="join-title">{session.title}</h1>
        {session.joinCode ? (
          <>
            <p className="join-link">{joinLine}</p>
            {join.choices.length > 1 && (
              <label className="join-address">
                {t("reachAt")}{" "}
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
              aria-label={t("joinCode", { code: session.joinCode.split("").join(" ") })}
            >
              {session.joinCode}
            </p>
            {session.joinLocked && (
              <p className="verdict-exploding" role="status">
                {t("joiningLocked")}
              </p>
            )}
            <div className="settings">
              <SessionSwitch
                label={t("lockJoining")}
                value={session.joinLocked}
                onChange={(joinLocked) =>
                  configure((reason) => t("failures.lockJoining", { reason }), { joinLocked })
                }
              />
              <SessionSwitch
                label={t("hideNames")}
                value={session.hideNames}
                onChange={(hideNames) =>
                  configure((reason) => t("failures.hideNames", { reason }), { hideNames })
                }
              />
              <SessionSwitch
                label={t("lobby")}
                value={session.lobby}
                onChange={(lobby) =>
                  configure((reason) => t("failures.lobby", { reason }), { lobby })
                }
              />
              <ClassLanguage
                value={session.locale}
                onChange={(locale) =>
                  configure((reason) => t("failures.classLanguage", { reason }), { locale })
                }
              />
              <a href={`/teacher/session/${session.id}/present`}>{t("projectorView")}</a>
              <a href={`/teacher/session/${session.id}/report`}>{t("reportSoFar")}</a>
            </div>
            <ConfirmButton
              className="secondary"
              question={t("closeSessionQuestion")}
              confirm={t("closeSession")}
              onConfirm={() =>
                act(
                  (reason) => t("failures.closeSession", { reason }),
                  () => request("session:close", { sessionId: session.id }),
                )
              }
            >
              {t("closeSession")}
            </ConfirmButton>
          </>
        ) : (
          <p>{closedLine}</p>
        )}
      </div>
      {session.joinCode && qr && (
        <Image src={qr} alt={t("qrAlt", { link })} width={240} height={240} unoptimized />
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

/**
 * The class's language: what students whose browser asks for none of the app's languages read
 * (each student can still choose their own in the lab). Settles on the server's value like a switch.
 */
function ClassLanguage(props: { value: Locale; onChange: (locale: Locale) => Promise<void> }) {
  const t = useTranslations("panels");
  const id = useId();
  const [pending, setPending] = useState<Locale | null>(null);
  return (
    <>
      <label className="inline">
        {t("classLanguage")}{" "}
        <select
          value={pending ?? props.value}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            const wanted = e.target.value;
            if (!isLocale(wanted)) return;
            setPending(wanted);
            void props.onChange(wanted).finally(() => setPending(null));
          }}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <p id={`${id}-hint`} className="muted" style={{ flexBasis: "100%", margin: 0 }}>
        {t("classLanguageHint")}
      </p>
    </>
  );
}

export function ChallengesPanel(props: {
  sessionId: string;
  sessionOpen: boolean;
  challenges: ChallengeView[];
  selected: string | null;
  onSelect: (id: string) => void;
  act: Act;
}) {
  const { act } = props;
  const t = useTranslations("panels");
  const textOf = useChallengeText();
  const templateText = useTemplateText();
  const [templateKey, setTemplateKey] = useState(CURRICULUM[0]!.key);
  const template = CURRICULUM.find((x) => x.key === templateKey)!;
  const posted = new Set(props.challenges.map((c) => c.templateKey));
  const transition = (c: ChallengeView, action: ChallengeAction) =>
    act(
      (reason) => t(`failures.transition.${action}`, { title: textOf(c).title, reason }),
      () => request("challenge:transition", { challengeId: c.id, action }),
    );
  return (
    <section className="card" aria-labelledby="challenges-title">
      <h2 id="challenges-title">{t("challenges")}</h2>
      <ul className="challenge-list">
        {props.challenges.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              aria-pressed={c.id === props.selected}
              className={c.id === props.selected ? "" : "secondary"}
              onClick={() => props.onSelect(c.id)}
            >
              {textOf(c).title}
            </button>{" "}
            <span className="tag">{t(`status.${c.status}`)}</span>{" "}
            {actionsFrom(c.status).map((action) =>
              action === "close" ? (
                <ConfirmButton
                  key={action}
                  className="secondary small"
                  question={t("closeChallengeQuestion", { title: textOf(c).title })}
                  confirm={t("closeChallenge")}
                  onConfirm={() => transition(c, action)}
                >
                  {t("actions.close")}
                </ConfirmButton>
              ) : (
                <button
                  key={action}
                  type="button"
                  className="secondary small"
                  onClick={() => transition(c, action)}
                >
                  {t(`actions.${action}`)}
                </button>
              ),
            )}
          </li>
        ))}
      </ul>
      {props.sessionOpen && (
        <div className="post">
          <label>
            {t("postFrom")}
            <select value={templateKey} onChange={(e) => setTemplateKey(e.target.value)}>
              {CURRICULUM.map((x) => (
                <option key={x.key} value={x.key}>
                  {posted.has(x.key)
                    ? t("posted", { title: templateText(x).title })
                    : templateText(x).title}
                </option>
              ))}
            </select>
          </label>
          <details>
            <summary>{t("teacherNote", { source: template.source })}</summary>
            <p>{templateText(template).teacherNote}</p>
          </details>
          <button
            type="button"
            onClick={() =>
              act(
                (reason) => t("failures.post", { title: templateText(template).title, reason }),
                async () => {
                  const c = await request("challenge:post", {
                    sessionId: props.sessionId,
                    templateKey,
                  });
                  props.onSelect(c.id);
                },
              )
            }
          >
            {posted.has(templateKey) ? t("postAgain") : t("post")}
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
  const t = useTranslations("panels");
  const format = useFormat();
  const textOf = useChallengeText();
  const top = board.slice(0, 10);
  return (
    <section className="card board" aria-labelledby="board-title">
      <h2 id="board-title">{t("boardTitle", { title: textOf(challenge).title })}</h2>
      <ol aria-live="polite">
        {top.map((e) => (
          <li key={e.participantId}>
            <span>{name(e.participantId)}</span> <span>{format.score(challenge, e.score)}</span>
          </li>
        ))}
      </ol>
      {board.length === 0 && <p>{t("boardEmpty")}</p>}
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
  const t = useTranslations("panels");
  const format = useFormatter();
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
  const time = (iso: string) =>
    format.dateTime(new Date(iso), { hour: "2-digit", minute: "2-digit" });
  const remove = (p: ParticipantView) => (
    <ConfirmButton
      className="secondary small"
      ariaLabel={t("removeLabel", { name: name(p.id) })}
      question={t("removeQuestion", { name: name(p.id) })}
      confirm={t("remove")}
      onConfirm={() =>
        act(
          (reason) => t("failures.remove", { name: name(p.id), reason }),
          () => request("participant:remove", { participantId: p.id }),
        )
      }
    >
      {t("remove")}
    </ConfirmButton>
  );
  return (
    <section className="card" aria-labelledby="roster-title">
      <h2 id="roster-title">
        {t("rosterTitle", {
          online: present.filter((p) => p.online).length,
          present: present.length,
          runs: submissions,
        })}
      </h2>
      {(waiting.length > 0 || refused.length > 0) && (
        <div className="lobby" role="region" aria-label={t("lobbyLabel")}>
          <h3>{t("waiting")}</h3>
          {waiting.length === 0 && <p className="muted">{t("nobodyWaiting")}</p>}
          <ul className="roster">
            {waiting.map((p) => (
              <li key={p.id}>
                <span className="who">{p.nickname}</span>{" "}
                <button
                  type="button"
                  className="small"
                  aria-label={t("admitLabel", { name: p.nickname })}
                  onClick={() =>
                    act(
                      (reason) => t("failures.admit", { name: p.nickname, reason }),
                      () => request("participant:admit", { participantId: p.id }),
                    )
                  }
                >
                  {t("admit")}
                </button>{" "}
                {remove(p)}
              </li>
            ))}
          </ul>
          {refused.length > 0 && (
            <ul className="refused" aria-label={t("refusedLabel")}>
              {refused.map((r) => (
                <li key={`${r.at}-${r.nickname}`}>
                  {t("refusedJoin", {
                    time: time(r.at),
                    removedAs: r.removedAs,
                    nickname: r.nickname,
                  })}
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
            <span className="muted">{p.online ? t("online") : t("away")}</span> {remove(p)}
          </li>
        ))}
      </ul>
    </section>
  );
}
