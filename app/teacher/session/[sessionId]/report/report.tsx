"use client";
/** The review: exports, and per challenge the leaderboard, the class plot and every run's record. */
import { useEffect, useState } from "react";
import type { TelemetryFrameView } from "../../../../../lib/protocol/schemas";
import type { ChallengeView, RunView, TeacherState } from "../../../../../lib/protocol/views";
import { request, RequestError, whenConnected } from "../../../../_client/socket";
import { GradientHeatmap, LossChart } from "../../../../class/[sessionId]/charts";
import { fromWire } from "../../../../../lib/protocol/telemetry";
import { formatScore } from "../../../../_client/format";
import { ProgressTable } from "../assignment-panel";
import { ClassPredictions } from "../class-predictions";
import { LearningEvidence } from "../learning-evidence";
import { nameOf } from "../panels";
import { SweepPlot } from "../sweep-plot";
import { ClassPlot } from "./class-plot";

export function Report({ sessionId }: { sessionId: string }) {
  const [state, setState] = useState<TeacherState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void whenConnected()
      .then(() => request("session:watch", { sessionId }))
      .then(setState, (e: unknown) =>
        setProblem(
          e instanceof RequestError ? e.error.message : "The class server did not answer.",
        ),
      );
  }, [sessionId]);
  if (problem) return <p role="alert">{problem}</p>;
  if (!state) return <p role="status">Loading the report…</p>;
  // One click from the projected dashboard: names stay hidden while the teacher hides them.
  const named = nameOf(state.roster, state.session.hideNames);
  const removed = new Set(state.roster.filter((p) => p.removed).map((p) => p.id));
  const nickname = (id: string) => (removed.has(id) ? `${named(id)} (removed)` : named(id));
  const students = state.roster.length - removed.size;
  const byRemoved = state.runs.filter((r) => removed.has(r.participantId)).length;
  const base = `/api/sessions/${sessionId}`;
  return (
    <>
      <header className="class-header">
        <h1>Report: {state.session.title}</h1>
        <p className="muted">
          {students} students · {state.runs.length - byRemoved} runs
          {byRemoved > 0 &&
            ` (and ${byRemoved} by ${removed.size} removed student${removed.size === 1 ? "" : "s"})`}{" "}
          · {state.session.status}
        </p>
        <p className="controls">
          <a href={`${base}/runs.csv`} download>
            Runs (CSV)
          </a>
          <a href={`${base}/runs.json`} download>
            Runs (JSON)
          </a>
          <a href={`${base}/leaderboard.csv`} download>
            Leaderboards (CSV)
          </a>
          <a href={`${base}/leaderboard.json`} download>
            Leaderboards (JSON)
          </a>
        </p>
        <p className="controls">
          Gradebook (points out of 100 per student) for{" "}
          <a href={`${base}/gradebook.csv?lms=canvas`} download>
            Canvas
          </a>
          <a href={`${base}/gradebook.csv?lms=moodle`} download>
            Moodle
          </a>
          <a href={`${base}/gradebook.csv?lms=classroom`} download>
            Google Classroom
          </a>
        </p>
        {state.challenges.some((c) => c.spec.postCheck) && (
          <p className="controls">
            Learning evidence (pre, post, gain per student):{" "}
            <a href={`${base}/learning.csv`} download>
              CSV
            </a>
            <a href={`${base}/learning.json`} download>
              JSON
            </a>
          </p>
        )}
      </header>
      {state.session.kind === "assignment" && (
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">Homework progress</h2>
          <ProgressTable state={state} name={nickname} />
        </section>
      )}
      {state.challenges.map((c) => (
        <ChallengeReport
          key={c.id}
          challenge={c}
          runs={state.runs.filter((r) => r.challengeId === c.id)}
          board={state.leaderboards.find((b) => b.challengeId === c.id)?.entries ?? []}
          nickname={nickname}
          state={state}
        />
      ))}
    </>
  );
}

function ChallengeReport(props: {
  challenge: ChallengeView;
  runs: RunView[];
  board: TeacherState["leaderboards"][number]["entries"];
  nickname: (id: string) => string;
  state: TeacherState;
}) {
  const { challenge, runs, board, nickname, state } = props;
  return (
    <section className="card" aria-labelledby={`report-${challenge.id}`}>
      <h2 id={`report-${challenge.id}`}>
        {challenge.title} <span className="tag">{challenge.status}</span>
      </h2>
      {challenge.spec.sweep && (
        <SweepPlot
          challenge={challenge}
          runs={runs}
          slots={state.sweepSlots.filter((s) => s.challengeId === challenge.id)}
          name={nickname}
          exportable
        />
      )}
      {challenge.spec.predict && (
        <ClassPredictions
          challenge={challenge}
          predictions={state.predictions.filter((p) => p.challengeId === challenge.id)}
          name={nickname}
        />
      )}
      <LearningEvidence
        challenge={challenge}
        predictions={state.predictions.filter((p) => p.challengeId === challenge.id)}
        postChecks={state.postChecks.filter((p) => p.challengeId === challenge.id)}
        name={nickname}
      />
      <div className="charts">
        <ClassPlot runs={runs} />
        <ol className="board">
          {board.map((e) => (
            <li key={e.participantId}>
              {nickname(e.participantId)} <span>{formatScore(challenge, e.score)}</span>
            </li>
          ))}
        </ol>
      </div>
      <table className="runs">
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">Network</th>
            <th scope="col">Optimizer</th>
            <th scope="col">Verified</th>
            <th scope="col">Gradient flow (at init → after training)</th>
            <th scope="col">Record</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <RunRow key={r.id} run={r} nickname={nickname(r.participantId)} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RunRow({ run, nickname }: { run: RunView; nickname: string }) {
  const [frames, setFrames] = useState<TelemetryFrameView[] | null>(null);
  const c = run.config;
  return (
    <>
      <tr>
        <td>{nickname}</td>
        <td>
          {c.depth} x {c.width} {c.activation}, {c.init}
          {c.init === "normal" || c.init === "uniform" ? ` (sigma ${c.sigma})` : ""}, BN{" "}
          {c.batchNorm}
        </td>
        <td>
          {c.optimizer} lr {c.learningRate}, batch {c.batchSize}, {c.steps} steps
        </td>
        <td>
          {run.status === "verified"
            ? `${(100 * (run.verifiedAccuracy ?? 0)).toFixed(1)}%`
            : run.status}
          {run.mismatch ? " (claim mismatch)" : ""}
          {run.diverged ? " (diverged)" : ""}
        </td>
        <td>
          {run.verdict ?? "—"} → {run.finalVerdict ?? "—"}
        </td>
        <td>
          <button
            type="button"
            className="secondary small"
            onClick={() => void request("run:telemetry", { runId: run.id }).then(setFrames)}
            disabled={frames !== null}
          >
            Show curves
          </button>
        </td>
      </tr>
      {frames && (
        <tr>
          <td colSpan={6}>
            <div className="charts">
              <LossChart
                losses={frames.map((f) => f.loss ?? Number.NaN)}
                steps={frames.map((f) => f.step)}
              />
              <GradientHeatmap frames={fromWire(frames)} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
