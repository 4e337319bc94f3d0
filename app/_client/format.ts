/** Small presentation helpers shared by the student and teacher pages. */
import type { ChallengeView } from "../../lib/protocol/views";

/** A leaderboard score in its objective's own unit. */
export function formatScore(challenge: ChallengeView, score: number): string {
  switch (challenge.spec.objective.kind) {
    case "accuracy":
      return `${(100 * score).toFixed(1)}%`;
    case "steps-to-target":
      return `${-score} steps`;
    case "gradient-health":
      return `${(-score).toFixed(2)} decades off`;
  }
}

/** Replaces the item with the same id, or appends it. */
export function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  return list.some((x) => x.id === item.id)
    ? list.map((x) => (x.id === item.id ? item : x))
    : [...list, item];
}

/**
 * A tick on a log axis: plain between 0.001 and 1000, else a power of ten ("1e-5", "3e6"). A
 * gradient of 1e-5 must never print as "0" (uPlot's default rounds small ticks away).
 */
export function logTick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e3) return String(Number(v.toPrecision(2)));
  const [mantissa, exponent] = v.toExponential(0).split("e") as [string, string];
  return `${mantissa}e${Number(exponent)}`;
}

const WHEN = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

/** A date as a person reads it in their own locale and time zone ("Mon 14 Dec, 23:59"). */
export const formatWhen = (iso: string): string => WHEN.format(new Date(iso));

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** How far a date is from now, in the largest whole unit ("in 3 days", "2 hours ago"). */
export function fromNow(iso: string, now: number): string {
  const delta = Date.parse(iso) - now;
  for (const [unit, ms] of UNITS)
    if (Math.abs(delta) >= ms || unit === "minute")
      return RELATIVE.format(Math.round(delta / ms), unit);
  return "";
}

/** A date as a `datetime-local` input holds it: local time, to the minute. */
export function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
