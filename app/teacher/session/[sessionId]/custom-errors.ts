/**
 * The custom challenge form's mistakes in a teacher's words, at the field they concern: the spec
 * schema's issues (the server parses with the same schema) mapped from their paths to the form's
 * fields, as a catalog message (customChallenge.mistakes) and its arguments. Pure, so it is
 * table-tested; the words are the page's language, or English from the catalog by default.
 */
import { createTranslator } from "next-intl";
import en from "../../../../lib/i18n/messages/en/customChallenge.json" with { type: "json" };
import { MAX_DEPTH, MAX_STEPS } from "../../../../lib/nn/config";
import {
  MAX_SUBMISSIONS_PER_STUDENT,
  MAX_TIME_LIMIT_SEC,
  MIN_TIME_LIMIT_SEC,
} from "../../../../lib/challenges/spec";
import { MAX_SWEEP_SEEDS } from "../../../../lib/challenges/sweep";

export const CUSTOM_FIELDS = [
  "title",
  "target",
  "depth",
  "steps",
  "submissions",
  "minutes",
  "sweep",
  "prompt",
  "form",
] as const;
export type CustomField = (typeof CUSTOM_FIELDS)[number];

/** A mistake as a message of customChallenge.mistakes and its arguments. */
export interface Mistake {
  code: keyof typeof en.mistakes;
  values?: Record<string, string | number>;
}

/**
 * The sweep's own checks (lib/challenges/spec.ts, lib/challenges/sweep.ts) say what is wrong in a
 * sentence for developers: these read which check it was, and its knob and value.
 */
function sweepMistake(path: string, message: string): Mistake {
  const axis = /^sweep\.axes\.(\d+)\./.exec(path);
  if (axis) return { code: "sweepValue", values: { axis: axis[1] === "0" ? "x" : "series" } };
  if (path === "sweep.seeds") return { code: "sweepSeeds", values: { max: MAX_SWEEP_SEEDS } };
  const locked = /^(\w+) is swept/.exec(message);
  if (locked) return { code: "sweepLocked", values: { knob: locked[1]! } };
  const notAllowed = /^(\w+) (\S+) is not allowed/.exec(message);
  if (notAllowed)
    return { code: "sweepNotAllowed", values: { knob: notAllowed[1]!, value: notAllowed[2]! } };
  const outside = /^(\w+) (\S+) is outside its range/.exec(message);
  if (outside)
    return { code: "sweepOutsideRange", values: { knob: outside[1]!, value: outside[2]! } };
  if (/values must differ/.test(message)) return { code: "sweepValuesDiffer" };
  if (/two different knobs/.test(message)) return { code: "sweepTwoKnobs" };
  const slots = /^at most (\d+) cells/.exec(message);
  if (slots) return { code: "sweepSlots", values: { max: Number(slots[1]) } };
  return { code: "sweepOther" };
}

const RULES: [RegExp, CustomField, (path: string, message: string) => Mistake][] = [
  [
    /^ranges\.depth/,
    "depth",
    (_p, m) =>
      /exceed/.test(m)
        ? { code: "depthOrder" }
        : { code: "depthRange", values: { max: MAX_DEPTH } },
  ],
  [/^ranges\.steps/, "steps", () => ({ code: "steps", values: { max: MAX_STEPS } })],
  [
    /^limits\.maxSubmissions/,
    "submissions",
    () => ({ code: "submissions", values: { max: MAX_SUBMISSIONS_PER_STUDENT } }),
  ],
  [
    /^limits\.timeLimitSec/,
    "minutes",
    () => ({
      code: "minutes",
      values: { min: Math.ceil(MIN_TIME_LIMIT_SEC / 60), max: MAX_TIME_LIMIT_SEC / 60 },
    }),
  ],
  [/^objective\.target/, "target", () => ({ code: "target", values: { min: 0.05, max: 1 } })],
  [/^sweep/, "sweep", sweepMistake],
  [/^prompt/, "prompt", () => ({ code: "prompt", values: { max: 2000 } })],
];

/** Each field's first mistake, as a catalog message. */
export function fieldMistakes(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Partial<Record<CustomField, Mistake>> {
  const out: Partial<Record<CustomField, Mistake>> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    const rule = RULES.find(([pattern]) => pattern.test(path));
    const field = rule?.[1] ?? "form";
    out[field] ??= rule ? rule[2](path, issue.message) : { code: "other", values: { field: path } };
  }
  return out;
}

/** English from the catalog: the words when the caller gives none (the unit tests read them). */
const english = createTranslator({
  locale: "en",
  messages: { customChallenge: en },
  namespace: "customChallenge",
});

/** Each field's first mistake, in words (`say` puts a mistake in the page's language). */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  say: (mistake: Mistake) => string = (m) => english(`mistakes.${m.code}`, m.values),
): Partial<Record<CustomField, string>> {
  return Object.fromEntries(
    Object.entries(fieldMistakes(issues)).map(([field, mistake]) => [field, say(mistake)]),
  );
}
