"use client";
/**
 * Homework on the dashboard. For an assignment: its dates and rules (the due date can be moved) and
 * the class's progress, one row per student and a cell per challenge (not started, predicted,
 * submitted, verified with the best score; late marked), live. For a live class: make homework of
 * its challenges for those who were absent.
 */
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { assignmentPhase, progressCell, timesOf } from "../../../../lib/challenges/assignment";
import type { TeacherState } from "../../../../lib/protocol/views";
import { formatScore, formatWhen, fromNow } from "../../../_client/format";
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
  const now = useNow();
  const [editing, setEditing] = useState<AssignmentDraft | null>(null);
  if (session.kind !== "assignment" || !session.opensAt || !session.dueAt) return null;
  const times = timesOf(session);
  const phase = assignmentPhase(times, now);
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    act("change the dates", async () => {
      await request("session:configure", {
        sessionId: session.id,
        assignment: settingsOf(editing),
      });
      setEditing(null);
    });
  };
  return (
    <section className="card assignment-panel" aria-labelledby="assignment-title">
      <h2 id="assignment-title">
        Homework{" "}
        <span className="tag">
          {phase === "not-open" ? "not open yet" : phase === "open" ? "open" : "past due"}
        </span>
      </h2>
      <p>
        Opens {formatWhen(session.opensAt)} · due {formatWhen(session.dueAt)} (
        {fromNow(session.dueAt, now)}) ·{" "}
        {session.latePolicy === "mark" ? "late work marked" : "late work refused"} · prediction
        scores{" "}
        {session.revealPolicy === "own-run"
          ? "shown after each student's first run"
          : "shown at the due date"}
      </p>
      {editing ? (
        <form onSubmit={save} className="join">
          <AssignmentFields value={editing} onChange={setEditing} />
          <button type="submit">Save the dates</button>
          <button type="button" className="secondary" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      ) : (
        session.status === "open" && (
          <button type="button" className="secondary" onClick={() => setEditing(draftOf(session))}>
            Change the dates or rules
          </button>
        )
      )}
      <h3>Progress</h3>
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
  const times = timesOf(state.session);
  const students = state.roster.filter((p) => !p.removed);
  if (students.length === 0) return <p>No student has opened the assignment yet.</p>;
  return (
    <div className="table-scroll">
      <table className="progress">
        <thead>
          <tr>
            <th scope="col">Student</th>
            {state.challenges.map((c) => (
              <th key={c.id} scope="col">
                {c.title}
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
                    {cell.best !== null ? formatScore(c, cell.best) : "–"}
                    <span className="state">
                      {cell.state}
                      {cell.runs > 0 && ` · ${cell.runs} run${cell.runs === 1 ? "" : "s"}`}
                      {cell.onlyLate ? " · late" : cell.late ? " · some late" : ""}
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
  const router = useRouter();
  const [draft, setDraft] = useState<AssignmentDraft | null>(null);
  const posted = state.challenges.filter((c) => c.status !== "draft").length;
  if (state.session.kind !== "live" || posted === 0) return null;
  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    act("make the homework", async () => {
      const homework = await request("session:create", {
        title: `${state.session.title}: homework`.slice(0, 120),
        assignment: settingsOf(draft),
        fromSessionId: state.session.id,
      });
      router.push(`/teacher/session/${homework.id}`);
    });
  };
  return (
    <section className="card" aria-labelledby="homework-title">
      <h2 id="homework-title">Homework</h2>
      {draft ? (
        <form onSubmit={create} className="join">
          <p>
            The {posted} challenge{posted === 1 ? "" : "s"} of this class as an assignment: students
            join with a new code and work on their own until the due date, on new boards.
          </p>
          <AssignmentFields value={draft} onChange={setDraft} />
          <button type="submit">Create the assignment</button>
          <button type="button" className="secondary" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="secondary" onClick={() => setDraft(newAssignmentDraft())}>
          Make homework of this class&apos;s challenges
        </button>
      )}
    </section>
  );
}
