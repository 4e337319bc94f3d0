"use client";
/**
 * What the class sees on the projector, readable from the back row: the join code while joining is
 * open, the challenge's top ten live, and once the teacher locks or closes it a podium revealed
 * place by place; beside it the class heatmap and the class plot. In the teacher's language.
 */
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { BoardEntryView, ChallengeView } from "../../../../../lib/protocol/views";
import { useChallengeText } from "../../../../_client/challenge-text";
import { useFormat } from "../../../../_client/format";
import { request } from "../../../../_client/socket";
import { ClassPredictions } from "../class-predictions";
import { ClassHeatmap } from "../class-view";
import { useNameOf } from "../panels";
import { ClassPlot } from "../report/class-plot";
import { SweepPlot } from "../sweep-plot";
import { useBrowserValue } from "../browser-value";
import { focusKey } from "../focus";
import { useJoinAddress } from "../join-address";
import { useTeacherState } from "../use-teacher-state";

export function Presentation({ sessionId }: { sessionId: string }) {
  const t = useTranslations("projector");
  const text = useChallengeText();
  const { state, problem } = useTeacherState(sessionId);
  const join = useJoinAddress(state);
  // The challenge the teacher's dashboard (in this browser) has in focus.
  const [selected, setSelected] = useBrowserValue(focusKey(sessionId));
  const nameOf = useNameOf();
  if (problem) return <p role="alert">{problem}</p>;
  if (!state) return <p role="status">{t("opening")}</p>;
  const shown = state.challenges.filter((c) => c.status !== "draft");
  const challenge =
    shown.find((c) => c.id === selected) ??
    [...shown].reverse().find((c) => c.status === "open") ??
    shown.at(-1) ??
    null;
  const board = state.leaderboards.find((b) => b.challengeId === challenge?.id)?.entries ?? [];
  const name = nameOf(state.roster, state.session.hideNames);
  const present = state.roster.filter((p) => !p.removed);
  const joinAt = t.rich("joinAt", {
    url: join.url ?? t("thisSite"),
    code: state.session.joinCode ?? "",
    strong: (chunks) => <strong>{chunks}</strong>,
    big: (chunks) => <strong className="present-code">{chunks}</strong>,
  });
  return (
    <div className="presentation">
      <header className="present-header">
        <div>
          <h1>{state.session.title}</h1>
          {state.session.joinCode && !state.session.joinLocked && (
            <p className="present-join">{joinAt}</p>
          )}
        </div>
        <p className="present-count">
          {t("count", {
            online: present.filter((p) => p.online).length,
            runs: state.submissions,
          })}
        </p>
      </header>
      {shown.length > 1 && (
        <nav aria-label={t("challenges")} className="tabs">
          {shown.map((c) => (
            <button
              key={c.id}
              type="button"
              aria-pressed={c.id === challenge?.id}
              className={c.id === challenge?.id ? "" : "secondary"}
              onClick={() => setSelected(c.id)}
            >
              {text(c).title}
            </button>
          ))}
        </nav>
      )}
      {challenge ? (
        <div
          className={`present-body${challenge.spec.sweep || challenge.spec.predict ? " experiment" : ""}`}
        >
          <section className="present-board" aria-labelledby="present-board-title">
            <h2 id="present-board-title">{text(challenge).title}</h2>
            {challenge.status === "open" ? (
              <TopTen challenge={challenge} board={board} name={name} />
            ) : (
              <Podium key={challenge.id} challenge={challenge} board={board} name={name} />
            )}
          </section>
          <div className="present-side">
            {challenge.spec.predict && (
              <ClassPredictions
                challenge={challenge}
                predictions={state.predictions.filter((p) => p.challengeId === challenge.id)}
                name={name}
                onReveal={() => void request("challenge:reveal", { challengeId: challenge.id })}
              />
            )}
            {challenge.spec.predict ? null : challenge.spec.sweep ? (
              <section className="card" aria-label={t("classSweep")}>
                <SweepPlot
                  challenge={challenge}
                  runs={state.runs.filter((r) => r.challengeId === challenge.id)}
                  slots={state.sweepSlots.filter((s) => s.challengeId === challenge.id)}
                />
              </section>
            ) : (
              <>
                <ClassHeatmap
                  roster={state.roster}
                  runs={state.runs.filter((r) => r.challengeId === challenge.id)}
                  name={name}
                />
                <section className="card" aria-label={t("classPlot")}>
                  <ClassPlot runs={state.runs.filter((r) => r.challengeId === challenge.id)} />
                </section>
              </>
            )}
          </div>
        </div>
      ) : (
        <p className="present-wait">{t("waiting")}</p>
      )}
    </div>
  );
}

function TopTen(props: {
  challenge: ChallengeView;
  board: BoardEntryView[];
  name: (id: string) => string;
  /** The rank of the first entry (after a podium, 4). */
  start?: number;
}) {
  const t = useTranslations("projector");
  const format = useFormat();
  const start = props.start ?? 1;
  return (
    <>
      <ol className="present-top" aria-label={t("topTen")} aria-live="polite" start={start}>
        {props.board.slice(0, 11 - start).map((e) => (
          <li key={e.participantId}>
            <span>{props.name(e.participantId)}</span>
            <span>{format.score(props.challenge, e.score)}</span>
          </li>
        ))}
      </ol>
      {props.board.length === 0 && <p className="present-wait">{t("emptyBoard")}</p>}
    </>
  );
}

/** The podium's places, first to third: each names its catalog keys (projector.places, .reveal). */
const PLACES = ["first", "second", "third"] as const;

/** The top three, revealed third place first (one click each), then everyone else below. */
function Podium(props: {
  challenge: ChallengeView;
  board: BoardEntryView[];
  name: (id: string) => string;
}) {
  const t = useTranslations("projector");
  const format = useFormat();
  const top = props.board.slice(0, 3);
  const [revealed, setRevealed] = useState(0);
  const hidden = top.length - revealed;
  return (
    <div className="podium-wrap">
      <ol className="podium" aria-label={t("podium")} aria-live="polite">
        {top.map((e, i) => (
          <li key={e.participantId} className={`place-${i + 1}`}>
            <span className="place">{t(`places.${PLACES[i]!}`)}</span>
            {i >= hidden ? (
              <>
                <span className="who">{props.name(e.participantId)}</span>
                <span className="score">{format.score(props.challenge, e.score)}</span>
              </>
            ) : (
              <span className="who">?</span>
            )}
          </li>
        ))}
      </ol>
      {hidden > 0 ? (
        <button type="button" className="reveal" onClick={() => setRevealed((r) => r + 1)}>
          {t(`reveal.${PLACES[hidden - 1]!}`)}
        </button>
      ) : (
        props.board.length > 3 && (
          <TopTen
            challenge={props.challenge}
            board={props.board.slice(3)}
            name={props.name}
            start={4}
          />
        )
      )}
      {top.length === 0 && <p className="present-wait">{t("noVerifiedRuns")}</p>}
    </div>
  );
}
