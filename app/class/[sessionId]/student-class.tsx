"use client";
/**
 * A student's view of a class: rejoins with the token kept in this browser (a refresh or a dropped
 * connection returns to the same challenge and runs), lists the challenges, hosts the lab and the
 * leaderboard. A refused connection says so; a reconnect that could not be recovered refetches what
 * it may have missed.
 */
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type {
  ChallengeView,
  PredictionView,
  PostCheckView,
  RunView,
  StudentState,
} from "../../../lib/protocol/views";
import { JoinForm } from "../../join-form";
import { useChallengeText } from "../../_client/challenge-text";
import { useErrorText } from "../../_client/error-text";
import { LanguageMenu } from "../../_client/language-menu";
import {
  classSocket,
  REJOIN_NEEDED,
  rejoinTokens,
  setJoined,
  request,
  RequestError,
  whenConnected,
} from "../../_client/socket";
import { upsert, useFormat } from "../../_client/format";
import { challengeInUrl, showInUrl, useChallengeConfigs } from "./configs";
import { useNow } from "../../_client/use-now";
import { AssignmentBanner } from "./assignment-banner";
import { Lab } from "./lab";
import { useBoard } from "./use-board";
import { useTraining } from "./use-training";

/** Why the student is outside the class; each is a sentence under classPage.outside. */
type Outside = "REMOVED" | "RATE_LIMITED" | "joinFirst" | "join";

/**
 * What the page holds is why, never the sentence: a language switched from the menu words it again.
 */
type Status =
  | { kind: "connecting" }
  | { kind: "joined"; state: StudentState }
  | { kind: "outside"; reason: Outside }
  | { kind: "refused"; error: unknown };

export function StudentClass({ sessionId }: { sessionId: string }) {
  const t = useTranslations("classPage");
  const errorText = useErrorText();
  const fmt = useFormat();
  const challengeText = useChallengeText();
  const [status, setStatus] = useState<Status>({ kind: "connecting" });
  const [online, setOnline] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const [runs, setRuns] = useState<RunView[]>([]);
  const [predictions, setPredictions] = useState<PredictionView[]>([]);
  const [postChecks, setPostChecks] = useState<PostCheckView[]>([]);
  /** Bumped on every (re)join: what depends on it is fetched again. */
  const [generation, setGeneration] = useState(0);
  const { configFor, setConfig } = useChallengeConfigs(sessionId);
  const training = useTraining();

  const rejoin = useCallback(async () => {
    rejoinTokens.adoptFromAddress(sessionId);
    const token = rejoinTokens.get(sessionId);
    if (!token) return setStatus({ kind: "outside", reason: "joinFirst" });
    try {
      const state = await request("participant:rejoin", { rejoinToken: token });
      // This connection knows the student now: requests waiting for it (a run) go.
      setJoined(true);
      setStatus({ kind: "joined", state });
      setPredictions(state.predictions);
      setPostChecks(state.postChecks);
      setGeneration((g) => g + 1);
      setSelected((s) => {
        if (s) return s;
        const wanted = challengeInUrl();
        return (
          state.challenges.find((c) => c.id === wanted)?.id ??
          state.challenges.find((c) => c.status === "open")?.id ??
          state.challenges[0]?.id ??
          null
        );
      });
    } catch (e) {
      const code = e instanceof RequestError ? e.error.code : null;
      if (code === "REMOVED") rejoinTokens.clear(sessionId);
      setStatus({
        kind: "outside",
        reason: code === "REMOVED" || code === "RATE_LIMITED" ? code : "join",
      });
    }
  }, [sessionId]);

  useEffect(() => {
    const socket = classSocket();
    whenConnected().then(rejoin, (error: unknown) => setStatus({ kind: "refused", error }));
    // A reconnect that could not recover the old connection needs the identity (and the runs and
    // boards it may have missed) back.
    const onConnect = () => {
      setOnline(true);
      if (socket.recovered) setJoined(true);
      else void rejoin();
    };
    const onDisconnect = () => {
      setJoined(false);
      setOnline(false);
    };
    const onChallenge = (c: ChallengeView) =>
      setStatus((s) =>
        s.kind === "joined"
          ? {
              ...s,
              state: {
                ...s.state,
                challenges: upsert(s.state.challenges, c).sort((a, b) => a.position - b.position),
              },
            }
          : s,
      );
    const onSettled = (run: RunView) => setRuns((rs) => upsert(rs, run));
    const onPrediction = (p: PredictionView) => setPredictions((ps) => withPrediction(ps, p));
    const onPostCheck = (p: PostCheckView) => setPostChecks((ps) => withPostCheck(ps, p));
    // Let in from the lobby: the class (challenges, boards) comes with a rejoin.
    const rejoinNow = () => void rejoin();
    const onRemoved = () => {
      rejoinTokens.clear(sessionId);
      setStatus({ kind: "outside", reason: "REMOVED" });
    };
    const onSession = (session: StudentState["session"]) => {
      setStatus((s) => (s.kind === "joined" ? { ...s, state: { ...s.state, session } } : s));
      // Names shown or hidden: the board is fetched again.
      setGeneration((g) => g + 1);
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("challenge:updated", onChallenge);
    socket.on("run:settled", onSettled);
    socket.on("prediction:updated", onPrediction);
    socket.on("postcheck:updated", onPostCheck);
    socket.on("participant:removed", onRemoved);
    socket.on("participant:admitted", rejoinNow);
    // A request found this connection without its student (sendWhenJoined): rejoin.
    window.addEventListener(REJOIN_NEEDED, rejoinNow);
    socket.on("session:updated", onSession);
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("challenge:updated", onChallenge);
      socket.off("run:settled", onSettled);
      socket.off("prediction:updated", onPrediction);
      socket.off("postcheck:updated", onPostCheck);
      socket.off("participant:removed", onRemoved);
      socket.off("participant:admitted", rejoinNow);
      window.removeEventListener(REJOIN_NEEDED, rejoinNow);
      socket.off("session:updated", onSession);
    };
  }, [rejoin, sessionId]);

  useEffect(() => {
    if (!selected || status.kind !== "joined") return;
    let live = true;
    void request("run:list", { challengeId: selected })
      .then((r) => live && setRuns((rs) => [...rs.filter((x) => x.challengeId !== selected), ...r]))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [selected, status.kind, generation]);
  const board = useBoard(status.kind === "joined" ? selected : null, generation);
  const now = useNow();

  const joined = status.kind === "joined" ? status.state : null;
  const challenge = joined?.challenges.find((c) => c.id === selected) ?? null;
  const config = useMemo(() => (challenge ? configFor(challenge) : null), [challenge, configFor]);
  useEffect(() => {
    if (challenge && config) showInUrl(challenge.id, config);
  }, [challenge, config]);

  const strong = (c: ReactNode) => <strong>{c}</strong>;
  /** The student's own board entry: "You" while the teacher hides names, else "Ada (you)". */
  const ownEntry = (nickname: string | null) =>
    nickname === null ? t("you") : t("youNamed", { nickname });

  if (status.kind === "connecting") return <p role="status">{t("connecting")}</p>;
  if (status.kind === "refused")
    return (
      <section className="card">
        <LanguageMenu />
        <p role="alert">{errorText.refusal(status.error)}</p>
        <button type="button" onClick={() => window.location.reload()}>
          {t("reload")}
        </button>
      </section>
    );
  if (status.kind === "outside") {
    return (
      <section className="card">
        <LanguageMenu />
        <p role="alert">{t(`outside.${status.reason}`)}</p>
        <JoinForm />
      </section>
    );
  }
  const { session, participant, challenges } = status.state;
  const lobby = t.rich("lobby", { nickname: participant.nickname, strong });
  const youAre =
    session.status === "closed"
      ? t.rich("youAreEnded", { nickname: participant.nickname, strong })
      : t.rich("youAre", { nickname: participant.nickname, strong });
  if (!participant.admitted)
    return (
      <section className="card" aria-labelledby="lobby-title">
        <LanguageMenu />
        <h1 id="lobby-title">{session.title}</h1>
        <p role="status">{lobby}</p>
      </section>
    );
  return (
    <>
      <header className="class-header">
        <LanguageMenu />
        <h1>{session.title}</h1>
        <p>{youAre}</p>
        <AssignmentBanner session={session} now={now} />
        {!online && (
          <p role="status" className="offline">
            {t("offline")}
          </p>
        )}
      </header>
      <nav aria-label={t("challenges")} className="tabs">
        {challenges.length === 0 && <p>{t("noChallenge")}</p>}
        {challenges.map((c) => (
          <button
            key={c.id}
            type="button"
            aria-pressed={c.id === selected}
            className={c.id === selected ? "" : "secondary"}
            onClick={() => setSelected(c.id)}
          >
            {challengeText(c).title} <span className="tag">{t(`status.${c.status}`)}</span>
          </button>
        ))}
      </nav>
      {challenge && config && (
        <div className="class-body">
          <Lab
            key={challenge.id}
            challenge={challenge}
            session={session}
            now={now}
            config={config}
            onConfig={(c) => setConfig(challenge.id, c)}
            serverRuns={runs.filter((r) => r.challengeId === challenge.id)}
            onSubmitted={(run) => setRuns((rs) => upsert(rs, run))}
            training={training}
            prediction={predictions.find((p) => p.challengeId === challenge.id) ?? null}
            onPrediction={(p) => setPredictions((ps) => withPrediction(ps, p))}
            postCheck={postChecks.find((p) => p.challengeId === challenge.id) ?? null}
            onPostCheck={(p) => setPostChecks((ps) => withPostCheck(ps, p))}
            generation={generation}
          />
          <aside className="card board" aria-labelledby="board-heading">
            <h2 id="board-heading">{t("leaderboard")}</h2>
            <ol aria-live="polite">
              {(board?.entries ?? []).map((e) => (
                <li
                  key={e.participantId}
                  value={e.rank}
                  className={e.participantId === participant.id ? "me" : ""}
                >
                  <span>
                    {e.participantId === participant.id
                      ? ownEntry(e.nickname)
                      : (e.nickname ?? t("student", { rank: e.rank }))}
                  </span>{" "}
                  <span>{fmt.score(challenge, e.score)}</span>
                </li>
              ))}
              {board?.mine && !board.entries.some((e) => e.participantId === participant.id) && (
                <li key="me" value={board.mine.rank} className="me below-top">
                  <span>{ownEntry(board.mine.nickname)}</span>{" "}
                  <span>{fmt.score(challenge, board.mine.score)}</span>
                </li>
              )}
            </ol>
            {board && board.total > board.entries.length && (
              <p className="board-total">{t("onBoard", { total: board.total })}</p>
            )}
            {board?.total === 0 && <p>{t("nobody")}</p>}
          </aside>
        </div>
      )}
    </>
  );
}

/** One prediction per challenge: a newer view replaces the older (a score never goes back). */
function withPrediction(list: PredictionView[], p: PredictionView): PredictionView[] {
  const old = list.find((x) => x.challengeId === p.challengeId);
  if (old?.score && !p.score) return list;
  return [...list.filter((x) => x.challengeId !== p.challengeId), p];
}

/** A post-check as the server sent it; a view without the score never replaces one with it. */
function withPostCheck(list: PostCheckView[], p: PostCheckView): PostCheckView[] {
  const old = list.find((x) => x.challengeId === p.challengeId);
  if (old?.score && !p.score) return list;
  return [...list.filter((x) => x.challengeId !== p.challengeId), p];
}
