/**
 * Small presentation helpers shared by the student and teacher pages. Everything a person reads
 * goes through `useFormat()`: numbers, percentages, dates and scores in the page's language.
 */
"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import type { ChallengeView } from "../../lib/protocol/views";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** Numbers, percentages, dates and scores in the page's language (Intl underneath). */
export function useFormat() {
  const format = useFormatter();
  const t = useTranslations("format");
  return useMemo(() => {
    const number = (value: number, options?: Intl.NumberFormatOptions) =>
      format.number(value, options);
    /** A fraction (0.123) as a percentage with `digits` decimals ("12.3%", "12,3 %", "١٢٫٣٪"). */
    const percent = (fraction: number, digits = 1) =>
      format.number(fraction, {
        style: "percent",
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    return {
      number,
      percent,
      /** A fixed number of decimals. */
      fixed: (value: number, digits: number) =>
        format.number(value, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
      /** A leaderboard score in its objective's own unit. */
      score(challenge: Pick<ChallengeView, "spec">, score: number): string {
        switch (challenge.spec.objective.kind) {
          case "accuracy":
            return percent(score);
          case "steps-to-target":
            return t("steps", { steps: -score });
          case "gradient-health":
            return t("decadesOff", { decades: -score });
        }
      },
      /** A date as a person reads it in their own language and time zone ("Mon 14 Dec, 23:59"). */
      when: (iso: string) =>
        format.dateTime(new Date(iso), {
          weekday: "short",
          day: "numeric",
          month: "short",
          hour: "2-digit",
          minute: "2-digit",
        }),
      /** How far a date is from now, in the largest whole unit ("in 3 days", "2 hours ago"). */
      fromNow(iso: string, now: number): string {
        const delta = Date.parse(iso) - now;
        for (const [unit, ms] of UNITS)
          if (Math.abs(delta) >= ms || unit === "minute")
            return format.relativeTime(Date.parse(iso), { now, unit });
        return "";
      },
      /** Items joined as the language joins a list ("a, b and c"). */
      list: (items: string[]) => format.list(items, { type: "conjunction" }),
    };
  }, [format, t]);
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

/** A date as a `datetime-local` input holds it: local time, to the minute. */
export function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
