"use client";
/** Live state of one session for its teacher: everything arrives over the socket and is merged here. */
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { answerOut, timesOf } from "../../../../lib/challenges/assignment";
import { useNow } from "../../../_client/use-now";
import { useErrorText } from "../../../_client/error-text";
import { request } from "../../../_client/socket";
import { AssignmentPanel, MakeHomework } from "./assignment-panel";
import { LmsGrades } from "./lms-grades";
import { ClassPredictions } from "./class-predictions";
import { LearningEvidence } from "./learning-evidence";
import { AlertsPanel, ClassHeatmap } from "./class-view";
import { BoardPanel, ChallengesPanel, JoinPanel, RosterPanel, useNameOf, type Act } from "./panels";
import { SweepPlot } from "./sweep-plot";
import { focusKey } from "./focus";
import { useBrowserValue } from "./browser-value";
import { useJoinAddress } from "./join-address";
import { useTeacherState } from "./use-teacher-state";

export function Dashboard({ sessionId }: { sessionId: string }) {
  const t = useTranslations("dashboard");
  const { request: reasonOf } = useErrorText();
  const nameOf = useNameOf();
  const { state, problem } = useTeacherState(sessionId);
  const now = useNow();
  const join = useJoinAddress(state);
  // The challenge in focus: the projector window follows it.
  const [selected, setSelected] = useBrowserValue(focusKey(sessionId));
  const [failure, setFailure] = useState<string | null>(null);
  const act: Act = useCallback(
    (failure, action) => {
      setFailure(null);
      action().catch((e: unknown) => setFailure(failure(reasonOf(e))));
    },
    [reasonOf],
  );

  if (problem) return <p role="alert">{problem}</p>;
  if (!state) return <p role="status">{t("opening")}</p>;
  const current =
    (selected && state.challenges.some((c) => c.id === selected) ? selected : null) ??
    state.challenges.at(-1)?.id ??
    null;
  const challenge = state.challenges.find((c) => c.id === current) ?? null;
  const board = state.leaderboards.find((b) => b.challengeId === current)?.entries ?? [];
  const name = nameOf(state.roster, state.session.hideNames);
  return (
    <div className="dashboard">
      <JoinPanel session={state.session} join={join} act={act} />
      {failure && (
        <p role="alert" className="error action-error">
          {failure}
        </p>
      )}
      <AssignmentPanel state={state} name={name} act={act} />
      <LmsGrades sessionId={state.session.id} />
      <ChallengesPanel
        sessionOpen={state.session.status === "open"}
        challenges={state.challenges}
        selected={current}
        onSelect={setSelected}
        sessionId={sessionId}
        act={act}
      />
      {challenge && <BoardPanel challenge={challenge} board={board} name={name} />}
      {challenge?.spec.predict && (
        <ClassPredictions
          // An assignment's answer is out at its due date, as if revealed.
          challenge={{
            ...challenge,
            revealed: answerOut(challenge, timesOf(state.session), now),
          }}
          predictions={state.predictions.filter((p) => p.challengeId === challenge.id)}
          name={name}
          onReveal={() =>
            act(
              (reason) => t("failures.reveal", { reason }),
              () => request("challenge:reveal", { challengeId: challenge.id }),
            )
          }
        />
      )}
      {challenge?.spec.postCheck && (
        <section className="card evidence-panel" aria-label={t("evidenceLabel")}>
          <LearningEvidence
            challenge={challenge}
            predictions={state.predictions.filter((p) => p.challengeId === challenge.id)}
            postChecks={state.postChecks.filter((p) => p.challengeId === challenge.id)}
            name={name}
          />
        </section>
      )}
      {challenge?.spec.sweep && (
        <section className="card" aria-label={t("sweepLabel")}>
          <h2>{t("sweepTitle")}</h2>
          <SweepPlot
            challenge={challenge}
            runs={state.runs.filter((r) => r.challengeId === challenge.id)}
            slots={state.sweepSlots.filter((s) => s.challengeId === challenge.id)}
          />
        </section>
      )}
      <RosterPanel roster={state.roster} submissions={state.submissions} name={name} act={act} />
      {challenge && (
        <ClassHeatmap
          roster={state.roster}
          runs={state.runs.filter((r) => r.challengeId === challenge.id)}
          name={name}
        />
      )}
      <AlertsPanel runs={state.runs} challenges={state.challenges} name={name} />
      <MakeHomework state={state} act={act} />
    </div>
  );
}
