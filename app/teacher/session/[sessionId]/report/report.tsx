"use client";
/** The review: exports, and per challenge the leaderboard, the class plot and every run's record. */
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { TelemetryFrameView } from "../../../../../lib/protocol/schemas";
import type { ChallengeView, RunView, TeacherState } from "../../../../../lib/protocol/views";
import { request, whenConnected } from "../../../../_client/socket";
import { GradientHeatmap, LossChart } from "../../../../class/[sessionId]/charts";
import { fromWire } from "../../../../../lib/protocol/telemetry";
import { useChallengeText } from "../../../../_client/challenge-text";
import { useErrorText } from "../../../../_client/error-text";
import { useFormat } from "../../../../_client/format";
import { ProgressTable } from "../assignment-panel";
import { ClassPredictions } from "../class-predictions";
import { LearningEvidence } from "../learning-evidence";
import { useNameOf } from "../panels";
import { SweepPlot } from "../sweep-plot";
import { ClassPlot } from "./class-plot";

/** The gradebook layouts offered, by the platform's own (untranslated) name. */
const GRADEBOOKS = [
  { lms: "canvas", name: "Canvas" },
  { lms: "moodle", name: "Moodle" },
  { lms: "classroom", name: "Google Classroom" },
] as const;

/** Enough significant digits that a learning rate of 1e-5 never reads as 0. */
const EXACT = { maximumSignificantDigits: 6 } as const;

export function Report({ sessionId }: { sessionId: string }) {
  const t = useTranslations("report");
  const errorText = useErrorText();
  const [state, setState] = useState<TeacherState | null>(null);
  // The failure itself, translated from its code when shown.
  const [problem, setProblem] = useState<{ error: unknown } | null>(null);
  useEffect(() => {
    void whenConnected()
      .then(() => request("session:watch", { sessionId }))
      .then(setState, (error: unknown) => setProblem({ error }));
  }, [sessionId]);
  const nameOf = useNameOf();
  if (problem) return <p role="alert">{errorText.request(problem.error)}</p>;
  if (!state) return <p role="status">{t("loading")}</p>;
  // One click from the projected dashboard: names stay hidden while the teacher hides them.
  const named = nameOf(state.roster, state.session.hideNames);
  const removed = new Set(state.roster.filter((p) => p.removed).map((p) => p.id));
  const nickname = (id: string) =>
    removed.has(id) ? t("removedName", { name: named(id) }) : named(id);
  const students = state.roster.length - removed.size;
  const byRemoved = state.runs.filter((r) => removed.has(r.participantId)).length;
  const base = `/api/sessions/${sessionId}`;
  return (
    <>
      <header className="class-header">
        <h1>{t("title", { title: state.session.title })}</h1>
        <p className="muted">
          {t("summary", { students, runs: state.runs.length - byRemoved })}
          {byRemoved > 0 &&
            ` ${t("byRemoved", { runs: byRemoved, students: removed.size })}`} ·{" "}
          {t(`sessionStatus.${state.session.status}`)}
        </p>
        <p className="controls">
          <a href={`${base}/runs.csv`} download>
            {t("runsExport", { format: "CSV" })}
          </a>
          <a href={`${base}/runs.json`} download>
            {t("runsExport", { format: "JSON" })}
          </a>
          <a href={`${base}/leaderboard.csv`} download>
            {t("leaderboardsExport", { format: "CSV" })}
          </a>
          <a href={`${base}/leaderboard.json`} download>
            {t("leaderboardsExport", { format: "JSON" })}
          </a>
        </p>
        <p className="controls">
          {t("gradebookFor")}{" "}
          {GRADEBOOKS.map((g) => (
            <a key={g.lms} href={`${base}/gradebook.csv?lms=${g.lms}`} download>
              {g.name}
            </a>
          ))}
        </p>
        {state.challenges.some((c) => c.spec.postCheck) && (
          <p className="controls">
            {t("learningEvidence")}{" "}
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
          <h2 id="progress-title">{t("homeworkProgress")}</h2>
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
  const t = useTranslations("report");
  const text = useChallengeText();
  const format = useFormat();
  return (
    <section className="card" aria-labelledby={`report-${challenge.id}`}>
      <h2 id={`report-${challenge.id}`}>
        {text(challenge).title}{" "}
        <span className="tag">{t(`challengeStatus.${challenge.status}`)}</span>
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
              {nickname(e.participantId)} <span>{format.score(challenge, e.score)}</span>
            </li>
          ))}
        </ol>
      </div>
      <div className="table-scroll">
        <table className="runs">
          <thead>
            <tr>
              <th scope="col">{t("columns.student")}</th>
              <th scope="col">{t("columns.network")}</th>
              <th scope="col">{t("columns.optimizer")}</th>
              <th scope="col">{t("columns.verified")}</th>
              <th scope="col">{t("columns.gradientFlow")}</th>
              <th scope="col">{t("columns.record")}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <RunRow key={r.id} run={r} nickname={nickname(r.participantId)} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RunRow({ run, nickname }: { run: RunView; nickname: string }) {
  const t = useTranslations("report");
  const tc = useTranslations("common");
  const format = useFormat();
  const [frames, setFrames] = useState<TelemetryFrameView[] | null>(null);
  const c = run.config;
  return (
    <>
      <tr>
        <td>{nickname}</td>
        <td>
          {t("network", {
            depth: c.depth,
            width: c.width,
            activation: c.activation,
            init: c.init,
            naive: c.init === "normal" || c.init === "uniform" ? "yes" : "no",
            sigma: format.number(c.sigma, EXACT),
            batchNorm: t(`batchNorm.${c.batchNorm}`),
          })}
        </td>
        <td>
          {t("training", {
            optimizer: c.optimizer,
            learningRate: format.number(c.learningRate, EXACT),
            batchSize: c.batchSize,
            steps: c.steps,
          })}
        </td>
        <td>
          {run.status === "verified"
            ? format.percent(run.verifiedAccuracy ?? 0, 1)
            : t(`runStatus.${run.status}`)}
          {run.mismatch && ` ${t("claimMismatch")}`}
          {run.diverged && ` ${t("diverged")}`}
        </td>
        <td>
          {t("flow", {
            before: run.verdict ? tc(`verdicts.${run.verdict}`) : "—",
            after: run.finalVerdict ? tc(`verdicts.${run.finalVerdict}`) : "—",
          })}
        </td>
        <td>
          <button
            type="button"
            className="secondary small"
            onClick={() => void request("run:telemetry", { runId: run.id }).then(setFrames)}
            disabled={frames !== null}
          >
            {t("showCurves")}
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
