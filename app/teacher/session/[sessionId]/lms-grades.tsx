"use client";
/**
 * Grades going back to the school's learning platform (LTI grade passback): one row per student who
 * launched from it, with what was sent, what waits, and why a try failed. Polled while open; shown
 * only once someone has launched.
 */
import { useEffect, useState } from "react";
import { formatWhen } from "../../../_client/format";

interface GradeRow {
  participantId: string;
  nickname: string;
  gradeState: "none" | "pending" | "sent" | "failed";
  gradeWanted: number | null;
  gradeSent: number | null;
  attempts: number;
  lastError: string | null;
  nextTryAt: string | null;
  hasLineItem: boolean;
}

const STATE: Record<GradeRow["gradeState"], string> = {
  none: "nothing to send yet",
  pending: "sending",
  sent: "sent",
  failed: "failed",
};

export function LmsGrades({ sessionId }: { sessionId: string }) {
  const [rows, setRows] = useState<GradeRow[]>([]);
  useEffect(() => {
    let live = true;
    const load = () =>
      fetch(`/api/sessions/${sessionId}/lti-grades.json`)
        .then((r) => (r.ok ? (r.json() as Promise<GradeRow[]>) : null))
        .then((got) => live && got && setRows(got))
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), 5_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [sessionId]);
  if (rows.length === 0) return null;
  return (
    <section className="card lms-grades-panel" aria-labelledby="lms-grades-title">
      <h2 id="lms-grades-title">Grades sent to the learning platform</h2>
      <table className="lms-grades">
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">State</th>
            <th scope="col">Grade /100</th>
            <th scope="col">Tries</th>
            <th scope="col">Last problem</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.participantId} data-state={r.gradeState}>
              <th scope="row">{r.nickname}</th>
              <td>
                {r.hasLineItem ? STATE[r.gradeState] : "no gradebook column"}
                {r.gradeState === "pending" && r.nextTryAt && r.attempts > 0
                  ? ` (again ${formatWhen(r.nextTryAt)})`
                  : ""}
              </td>
              <td>
                {r.gradeSent ?? "–"}
                {r.gradeWanted !== null && r.gradeWanted !== r.gradeSent
                  ? ` → ${r.gradeWanted}`
                  : ""}
              </td>
              <td>{r.attempts}</td>
              <td>{r.lastError ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
