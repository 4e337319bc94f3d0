"use client";
/**
 * Grades going back to the school's learning platform (LTI grade passback): one row per student who
 * launched from it, with what was sent, what waits, and why a try failed. Polled while open; shown
 * only once someone has launched.
 */
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useFormat } from "../../../_client/format";

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

export function LmsGrades({ sessionId }: { sessionId: string }) {
  const t = useTranslations("lmsGrades");
  const format = useFormat();
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
      <h2 id="lms-grades-title">{t("title")}</h2>
      <div className="table-scroll">
        <table className="lms-grades">
          <thead>
            <tr>
              <th scope="col">{t("student")}</th>
              <th scope="col">{t("state")}</th>
              <th scope="col">{t("grade")}</th>
              <th scope="col">{t("tries")}</th>
              <th scope="col">{t("lastProblem")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.participantId} data-state={r.gradeState}>
                <th scope="row">{r.nickname}</th>
                <td>
                  {r.hasLineItem ? t(`states.${r.gradeState}`) : t("noColumn")}
                  {r.gradeState === "pending" && r.nextTryAt && r.attempts > 0 && (
                    <> {t("again", { when: format.when(r.nextTryAt) })}</>
                  )}
                </td>
                <td>
                  {r.gradeWanted !== null && r.gradeWanted !== r.gradeSent
                    ? t("changing", {
                        sent: r.gradeSent === null ? "–" : format.number(r.gradeSent),
                        wanted: format.number(r.gradeWanted),
                      })
                    : r.gradeSent === null
                      ? "–"
                      : format.number(r.gradeSent)}
                </td>
                <td>{format.number(r.attempts)}</td>
                {/* The platform's own answer, as it gave it: for whoever looks into the failure. */}
                <td>{r.lastError ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
