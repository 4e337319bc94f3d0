"use client";
/**
 * A verified run in the reader's words: lib/challenges/run-text.ts decides which sentences apply
 * and their numbers; here they are read from the catalog (the "runs" namespace).
 */
import { createTranslator, useLocale, useMessages, type Messages } from "next-intl";
import { useCallback } from "react";
import {
  runReport,
  type Growth,
  type InitReading,
  type Ratio,
  type RunReport,
} from "../../../lib/challenges/run-text";
import type { TelemetryFrame } from "../../../lib/nn/trainer";
import type { RunView } from "../../../lib/protocol/views";

/** The server's verification of a run in the language of `messages` (tests read English's). */
export function verifiedText(report: RunReport, locale: string, messages: Messages): string {
  const t = createTranslator({ locale, messages, namespace: "runs" });
  const tc = createTranslator({ locale, messages, namespace: "common" });
  if (report.kind === "pending") return t("pending");
  if (report.kind === "unverifiable")
    return t("line.unverifiable", { reason: t(`failures.${report.failure}`) });
  const ratio = (r: Ratio) =>
    r.kind === "x"
      ? t("line.ratioX", { ratio: r.value })
      : t("line.ratioTimes", { ratio: r.value });
  const growth = (g: Growth, settled: number | null, settledWord: "settled" | "level") => {
    const values = { factor: g.factor, ratio: ratio(g.ratio), depth: g.depth };
    if (settled === null) return t("line.growth", values);
    return settledWord === "settled"
      ? t("line.growthSettled", { ...values, step: settled })
      : t("line.growthLevel", { ...values, step: settled });
  };
  const init = (r: InitReading): string => {
    switch (r.kind) {
      case "bn-exploding": {
        const why = r.growth
          ? growth(r.growth, r.settled, "settled")
          : r.settled !== null
            ? t("line.noGrowthSettled", { step: r.settled })
            : t("line.noGrowth");
        return `${t("line.bnExploding")} ${why}`;
      }
      case "bn-healthy":
        return `${t("line.bnHealthy", { line: r.line })} ${growth(r.growth, r.settled, "level")}`;
      case "brought-level":
        return t("line.broughtLevel", { verdict: tc(`verdicts.${r.verdict}`), step: r.settled });
      case "plain":
        return t("line.plain", { verdict: tc(`verdicts.${r.verdict}`) });
    }
  };
  const parts = [t("line.verified", { accuracy: report.accuracy })];
  if (report.reproduced)
    parts.push(
      t("line.reproduced", {
        accuracy: report.reproduced.accuracy,
        steps: report.reproduced.steps,
      }),
    );
  if (report.init) parts.push(init(report.init));
  if (report.finalVerdict)
    parts.push(t("line.after", { verdict: tc(`verdicts.${report.finalVerdict}`) }));
  if (report.mismatch === "reproduced") parts.push(t("line.mismatchReproduced"));
  if (report.mismatch === "claim") parts.push(t("line.mismatchClaim"));
  return parts.join(" ");
}

/** The verified line of a run, in the page's language. */
export function useVerifiedLine(): (
  run: RunView,
  frames: readonly TelemetryFrame[] | undefined,
) => string {
  const locale = useLocale();
  const messages = useMessages();
  return useCallback(
    (run, frames) => verifiedText(runReport(run, frames), locale, messages),
    [locale, messages],
  );
}
