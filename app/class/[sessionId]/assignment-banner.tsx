"use client";
/** An assignment's dates as its student sees them: when it opens, when it is due, what late means. */
import { useTranslations } from "next-intl";
import { assignmentPhase, timesOf } from "../../../lib/challenges/assignment";
import type { SessionView } from "../../../lib/protocol/views";
import { useFormat } from "../../_client/format";

export function AssignmentBanner({ session, now }: { session: SessionView; now: number }) {
  const t = useTranslations("classPage");
  const fmt = useFormat();
  if (session.kind !== "assignment" || !session.opensAt || !session.dueAt) return null;
  const phase = assignmentPhase(timesOf(session), now);
  const dates = {
    opens: fmt.when(session.opensAt),
    opensIn: fmt.fromNow(session.opensAt, now),
    due: fmt.when(session.dueAt),
    dueIn: fmt.fromNow(session.dueAt, now),
  };
  const refuse = session.latePolicy === "refuse";
  return (
    <p className={`assignment-banner ${phase}`} role="status">
      <span className="tag">{t("assignment.tag")}</span>{" "}
      {phase === "not-open" && t("assignment.notOpen", dates)}
      {phase === "open" &&
        (refuse ? t("assignment.openRefuse", dates) : t("assignment.openLate", dates))}
      {phase === "past-due" &&
        (refuse ? t("assignment.pastDueRefuse", dates) : t("assignment.pastDueLate", dates))}
    </p>
  );
}
