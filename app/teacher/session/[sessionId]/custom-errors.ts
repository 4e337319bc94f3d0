/**
 * The custom challenge form's mistakes in a teacher's words, at the field they concern: the spec
 * schema's issues (the server parses with the same schema) mapped from their paths to the form's
 * fields. Pure, so it is table-tested.
 */
import { MAX_DEPTH, MAX_STEPS } from "../../../../lib/nn/config";
import {
  MAX_SUBMISSIONS_PER_STUDENT,
  MAX_TIME_LIMIT_SEC,
  MIN_TIME_LIMIT_SEC,
} from "../../../../lib/challenges/spec";

export type CustomField =
  "title" | "target" | "depth" | "steps" | "submissions" | "minutes" | "sweep" | "prompt" | "form";

const WORDS: [RegExp, CustomField, (message: string) => string][] = [
  [
    /^ranges\.depth/,
    "depth",
    (m) =>
      /exceed/.test(m)
        ? "The fewest hidden layers must not be more than the most."
        : `Hidden layers go from 1 to ${MAX_DEPTH}.`,
  ],
  [
    /^ranges\.steps/,
    "steps",
    () => `Training steps go from 1 to ${MAX_STEPS.toLocaleString("en")}.`,
  ],
  [
    /^limits\.maxSubmissions/,
    "submissions",
    () => `Each student may submit from 1 to ${MAX_SUBMISSIONS_PER_STUDENT} runs.`,
  ],
  [
    /^limits\.timeLimitSec/,
    "minutes",
    () =>
      `A time limit is at least ${Math.ceil(MIN_TIME_LIMIT_SEC / 60)} minute and at most ${MAX_TIME_LIMIT_SEC / 60} minutes (0: none).`,
  ],
  [/^objective\.target/, "target", () => "The target accuracy is between 0.05 and 1."],
  [/^sweep/, "sweep", (m) => `The sweep: ${m}.`],
  [/^prompt/, "prompt", () => "Write what students should do (up to 2,000 characters)."],
];

/** Each field's first mistake, in words. */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Partial<Record<CustomField, string>> {
  const out: Partial<Record<CustomField, string>> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    const rule = WORDS.find(([pattern]) => pattern.test(path));
    const field = rule?.[1] ?? "form";
    out[field] ??= rule ? rule[2](issue.message) : issue.message;
  }
  return out;
}
