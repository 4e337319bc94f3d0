"use client";
/**
 * What the class sees on the projector, readable from the back row: the join code while joining is
 * open, the challenge's top ten live, and once the teacher locks or closes it a podium revealed
 * place by place; beside it the class heatmap and the class plot.
 */
import { useState } from "react";
import type { BoardEntryView, ChallengeView } from "../../../../../lib/protocol/views";
import { formatScore } from "../../../../_client/format";
import { request } from "../../../../_client/socket";
import { ClassPredictions } from "../class-predictions";
import { ClassHeatmap } from "../class-view";
import { nameOf } from "../panels";
import { ClassPlot } from "../report/class-plot";
import { SweepPlot } from "../sweep-plot";
import { useBrowserValue } from "../browser-value";
import { focusKey } from "../focus";
import { useJoinAddress } from "../join-address";
import { useTeacherState } from "../use-teacher-state";

export function Presentation({ sessionId }: { sessionId: string }) {
  const { state, problem } = useTeacherState(sessionId);
  const join = useJoinAddress(state);
  // The challenge the teacher's dashboard (in this browser) has in focus.
  const [selected, setSelected] = useBrowserValue(focusKey(sessionId));
  if (problem) return <p role="alert">{problem}</p>;
  if (!state) return <p role="status">Opening the session…</p>;
  const shown = state.challenges.filter((c) => c.status !== "draft");
  const challenge =
    shown.find((c) => c.id === selected) ??
    [...shown].reverse().find((c) => c.status === "open") ??
    shown.at(-1) ??
    null;
  const board = state.leaderboards.find((b) => b.challengeId === challenge?.id)?.entries ?? [];
  const name = nameOf(state.roster, state.session.hideNames);
  const present = state.roster.filter((p) => !p.removed);
  return (
    <div className="presentation">
      <header className="present-header">
        <div>
          <h1>{state.session.title}</h1>
          {state.session.joinCode && !state.session.joinLocked && (
            <p className="present-join">
              Join at <strong>{join.url ?? "this site"}</strong> · code{" "}
              <strong className="present-code">{state.session.joinCode}</strong>
            </p>
          )}
        </div>
        <p className="present-count">
          {present.filter((p) => p.online).length} online · {state.submissions} runs
        </p>
      </header>
      {shown.length > 1 && (
        <nav aria-label="Challenges" className="tabs">
          {shown.map((c) => (
            <button
              key={c.id}
              type="button"
              aria-pressed={c.id === challenge?.id}
              className={c.id === challenge?.id ? "" : "secondary"}
              onClick={() => setSelected(c.id)}
            >
              {c.title}
            </button>
          ))}
        </nav>
      )}
      {challenge ? (
        <div
          className={`present-body${challenge.spec.sweep || challenge.spec.predict ? " experiment" : ""}`}
        >
          <section className="present-board" aria-labelledby="present-board-title">
            <h2 id="present-board-title">{challenge.title}</h2>
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
              <section className="card" aria-label="Class sweep">
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
                <section className="card" aria-label="Class plot">
                  <ClassPlot runs={state.runs.filter((r) => r.challengeId === challenge.id)} />
                </section>
              </>
            )}
          </div>
        </div>
      ) : (
        <p className="present-wait">Waiting for the first challenge…</p>
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
  const start = props.start ?? 1;
  return (
    <>
      <ol className="present-top" aria-label="Top ten" aria-live="polite" start={start}>
        {props.board.slice(0, 11 - start).map((e) => (
          <li key={e.participantId}>
            <span>{props.name(e.participantId)}</span>
            <span>{formatScore(props.challenge, e.score)}</span>
          </li>
        ))}
      </ol>
      {props.board.length === 0 && <p className="present-wait">Nobody on the board yet.</p>}
    </>
  );
}

const PLACES = ["First", "Second", "Third"];

/** The top three, revealed third place first (one click each), then everyone else below. */
function Podium(props: {
  challenge: ChallengeView;
  board: BoardEntryView[];
  name: (id: string) => string;
}) {
  const top = props.board.slice(0, 3);
  const [revealed, setRevealed] = useState(0);
  const hidden = top.length - revealed;
  return (
    <div className="podium-wrap">
      <ol className="podium" aria-label="Podium" aria-live="polite">
        {top.map((e, i) => (
          <li key={e.participantId} className={`place-${i + 1}`}>
            <span className="place">{PLACES[i]}</span>
            {i >= hidden ? (
              <>
                <span className="who">{props.name(e.participantId)}</span>
                <span className="score">{formatScore(props.challenge, e.score)}</span>
              </>
            ) : (
              <span className="who">?</span>
            )}
          </li>
        ))}
      </ol>
      {hidden > 0 ? (
        <button type="button" className="reveal" onClick={() => setRevealed((r) => r + 1)}>
          Reveal {PLACES[hidden - 1]!.toLowerCase()} place
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
      {top.length === 0 && <p className="present-wait">No verified runs.</p>}
    </div>
  );
}
