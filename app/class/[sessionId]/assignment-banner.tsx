"use client";
/** An assignment's dates as its student sees them: when it opens, when it is due, what late means. */
import { assignmentPhase, timesOf } from "../../../lib/challenges/assignment";
import type { SessionView } from "../../../lib/protocol/views";
import { formatWhen, fromNow } from "../../_client/format";

export function AssignmentBanner({ session, now }: { session: SessionView; now: number }) {
  if (session.kind !== "assignment" || !session.opensAt || !session.dueAt) return null;
  const phase = assignmentPhase(timesOf(session), now);
  const due = `${formatWhen(session.dueAt)} (${fromNow(session.dueAt, now)})`;
  return (
    <p className={`assignment-banner ${phase}`} role="status">
      <span className="tag">homework</span>{" "}
      {phase === "not-open" && (
        <>
          Opens {formatWhen(session.opensAt)} ({fromNow(session.opensAt, now)}). You can look at the
          challenges now; training counts from then. Due {formatWhen(session.dueAt)}.
        </>
      )}
      {phase === "open" && (
        <>
          Due {due}.{" "}
          {session.latePolicy === "refuse"
            ? "No runs are taken after that."
            : "Runs after that are marked late."}
        </>
      )}
      {phase === "past-due" &&
        (session.latePolicy === "refuse" ? (
          <>Was due {due}: no more runs are taken. Your runs and the board stay here to read.</>
        ) : (
          <>Was due {due}: you can still submit, and runs from now are marked late.</>
        ))}
    </p>
  );
}
