"use client";
/**
 * An assignment's dates and policies as a teacher enters them: local date-times (the browser's time
 * zone), what happens to late work, and when students see their prediction's score.
 */
import { useTranslations } from "next-intl";
import type { LatePolicy, RevealPolicy } from "../../lib/challenges/assignment";
import { toLocalInput } from "../_client/format";

export interface AssignmentDraft {
  opensAt: string;
  dueAt: string;
  latePolicy: LatePolicy;
  revealPolicy: RevealPolicy;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Opens now, due in a week at the same time. */
export const newAssignmentDraft = (now = new Date()): AssignmentDraft => ({
  opensAt: toLocalInput(now),
  dueAt: toLocalInput(new Date(now.getTime() + WEEK_MS)),
  latePolicy: "mark",
  revealPolicy: "own-run",
});

/** A session's settings back into the form (to move a due date). */
export const draftOf = (s: {
  opensAt: string | null;
  dueAt: string | null;
  latePolicy: LatePolicy;
  revealPolicy: RevealPolicy;
}): AssignmentDraft => ({
  opensAt: s.opensAt ? toLocalInput(new Date(s.opensAt)) : "",
  dueAt: s.dueAt ? toLocalInput(new Date(s.dueAt)) : "",
  latePolicy: s.latePolicy,
  revealPolicy: s.revealPolicy,
});

/** What the server takes: instants with an offset (the input's local time, in UTC). */
export const settingsOf = (d: AssignmentDraft) => ({
  opensAt: new Date(d.opensAt).toISOString(),
  dueAt: new Date(d.dueAt).toISOString(),
  latePolicy: d.latePolicy,
  revealPolicy: d.revealPolicy,
});

export function AssignmentFields({
  value,
  onChange,
}: {
  value: AssignmentDraft;
  onChange: (d: AssignmentDraft) => void;
}) {
  const t = useTranslations("assignmentFields");
  return (
    <fieldset className="assignment-fields">
      <legend>{t("legend")}</legend>
      <label>
        {t("opens")}
        <input
          type="datetime-local"
          required
          value={value.opensAt}
          onChange={(e) => onChange({ ...value, opensAt: e.target.value })}
        />
      </label>
      <label>
        {t("due")}
        <input
          type="datetime-local"
          required
          min={value.opensAt}
          value={value.dueAt}
          onChange={(e) => onChange({ ...value, dueAt: e.target.value })}
        />
      </label>
      <label>
        {t("latePolicy")}
        <select
          value={value.latePolicy}
          onChange={(e) => onChange({ ...value, latePolicy: e.target.value as LatePolicy })}
        >
          <option value="mark">{t("late.mark")}</option>
          <option value="refuse">{t("late.refuse")}</option>
        </select>
      </label>
      <label>
        {t("revealPolicy")}
        <select
          value={value.revealPolicy}
          onChange={(e) => onChange({ ...value, revealPolicy: e.target.value as RevealPolicy })}
        >
          <option value="own-run">{t("reveal.ownRun")}</option>
          <option value="due">{t("reveal.due")}</option>
        </select>
      </label>
    </fieldset>
  );
}
