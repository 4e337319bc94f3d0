"use client";
/**
 * Homework on the dashboard. For an assignment: its dates and rules (the due date can be moved) and
 * the class's progress, one row per student and a cell per challenge (not started, predicted,
 * submitted, verified with the best score; late marked), live. For a live class: make homework of
 * its challenges for those who were absent.
 */
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { assignmentPhase, progressCell, timesOf } from "../../../../lib/challenges/assignment";
import type { TeacherState } from "../../../../lib/protocol/views";
import { useChallengeText } from "../../../_client/challenge-text";
import { useFormat } from "../../../_client/format";
import { request } from "../../../_client/socket";
import { useNow } from "../../../_client/use-now";
import {
  AssignmentFields,
  draftOf,
  newAssignmentDraft,
  settingsOf,
  type AssignmentDraft,
} from "../../assignment-fields";
import type { Act } from "./panels";

export function AssignmentPanel({
  state,
  name,
  act,
}: {
  state: TeacherState;
  name: (participantId: string) => string;
  act: Act;
}) {
  const { session } = state;
  const t = useTranslations("assignmentPanel");
  const format = useFormat();
  const now = useNow();
  const [editing, setEditing] = useState<AssignmentDraft | null>(null);
  if (session.kind !== "assignment" || !session.opensAt || !session.dueAt) return null;
  const times = timesOf(session);
  const phase = assignmentPhase(times, now);
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    act(
      (reason) => t("failures.changeDates", { reason }),
      async () => {
        await request("session:configure", {
          sessionId: session.id,
          assignment: settingsOf(editing),
        });
        setEditing(null);
      },
    );
  };
  return (
    <section className="card assignment-panel" aria-labelledby="assignment-title">
      <h2 id="assignment-title">
        {t("homework")}{" "}
        <span className="tag">
          {phase === "not-open"
            ? t("phase.notOpen")
            : phase === "open"
              ? t("phase.open")
              : t("phase.pastDue")}
        </span>
      </h2>
      <p>
        {t("rules", {
          opens: format.when(session.opensAt),
          due: format.when(session.dueAt),
          fromNow: format.fromNow(session.dueAt, now),
          late: session.latePolicy === "mark" ? "mark" : "refuse",
          reveal: session.revealPolicy === "own-run" ? "ownRun" : "due",
        })}
      </p>
      {editing ? (
        <form onSubmit={save} className="join">
          <AssignmentFields value={editing} onChange={setEditing} />
          <button type="submit">{t("saveDates")}</button>
          <button type="button" className="secondary" onClick={() => setEditing(null)}>
            {t("cancel")}
          </button>
        </form>
      ) : (
        session.status === "open" && (
          <button type="button" className="secondary" onClick={() => setEditing(draftOf(session))}>
            {t("changeDates")}
          </button>
        )
      )}
      <h3>{t("progress")}</h3>
      <ProgressTable state={state} name={name} />
    </section>
  );
}

/** One row per student in class, a cell per challenge: where they stand, their best, late work. */
export function ProgressTable({
  state,
  name,
}: {
  state: TeacherState;
  name: (participantId: string) => string;
}) {
  const t = useTranslations("assignmentPanel");
  const format = useFormat();
  const textOf = useChallengeText();
  const times = timesOf(state.session);
  const students = state.roster.filter((p) => !p.removed);
  if (students.length === 0) return <p>{t("noStudents")}</p>;
  return (
    <div className="table-scroll">
      <table className="progress">
        <thead>
          <tr>
            <th scope="col">{t("student")}</th>
            {state.challenges.map((c) => (
              <th key={c.id} scope="col">
                {textOf(c).title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {students.map((p) => (
            <tr key={p.id}>
              <th scope="row">{name(p.id)}</th>
              {state.challenges.map((c) => {
                const cell = progressCell(
                  times,
                  state.runs.filter((r) => r.challengeId === c.id && r.participantId === p.id),
                  state.predictions.some((x) => x.challengeId === c.id && x.participantId === p.id),
                );
                return (
                  <td key={c.id} className={cell.late ? "late" : ""}>
                    {cell.best !== null ? format.score(c, cell.best) : "–"}
                    <span className="state">
                      {t(`states.${cell.state === "not started" ? "notStarted" : cell.state}`)}
                      {cell.runs > 0 && <> · {t("runs", { count: cell.runs })}</>}
                      {cell.onlyLate ? (
                        <> · {t("late")}</>
                      ) : cell.late ? (
                        <> · {t("someLate")}</>
                      ) : null}
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** On a live class: its challenges as homework, for the students who missed the period. */
export function MakeHomework({ state, act }: { state: TeacherState; act: Act }) {
  const t = useTranslations("assignmentPanel");
  const router = useRouter();
  const [draft, setDraft] = useState<AssignmentDraft | null>(null);
  const posted = state.challenges.filter((c) => c.status !== "draft").length;
  if (state.session.kind !== "live" || posted === 0) return null;
  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    act(
      (reason) => t("failures.makeHomework", { reason }),
      async () => {
        const homework = await request("session:create", {
          title: t("homeworkTitle", { title: state.session.title }).slice(0, 120),
          assignment: settingsOf(draft),
          fromSessionId: state.session.id,
        });
        router.push(`/teacher/session/${homework.id}`);
      },
    );
  };
  return (
    <section className="card" aria-labelledby="homework-title">
      <h2 id="homework-title">{t("homework")}</h2>
      {draft ? (
        <form onSubmit={create} className="join">
          <p>{t("makeExplain", { count: posted })}</p>
          <AssignmentFields value={draft} onChange={setDraft} />
          <button type="submit">{t("create")}</button>
          <button type="button" className="secondary" onClick={() => setDraft(null)}>
            {t("cancel")}
          </button>
        </form>
      ) : (
        <button type="button" className="secondary" onClick={() => setDraft(newAssignmentDraft())}>
          {t("make")}
        </button>
      )}
    </section>
  );
}
