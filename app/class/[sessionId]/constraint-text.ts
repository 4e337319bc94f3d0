"use client";
/**
 * Why the lab will not train a config, in the reader's words: each problem comes from
 * lib/challenges/constraints.ts as a code with its numbers, and is worded from the catalog.
 */
import { useFormatter, useTranslations } from "next-intl";
import { useCallback } from "react";
import type { ConfigProblem } from "../../../lib/challenges/constraints";

export function useProblemText(): (problem: ConfigProblem) => string {
  const t = useTranslations("constraints");
  const tf = useTranslations("configForm");
  const format = useFormatter();
  return useCallback(
    (p: ConfigProblem) => {
      // Every digit of a limit counts: a learning rate of 0.0001 must not read "0".
      const num = (x: number) => format.number(x, { maximumFractionDigits: 10 });
      /** A knob's value as the form shows it (batch norm's placements are words). */
      const value = (v: string | number) =>
        typeof v === "number"
          ? num(v)
          : p.field === "batchNorm" && (v === "off" || v === "before" || v === "after")
            ? tf(`batchNormChoices.${v}`)
            : v;
      const text = (): string => {
        switch (p.code) {
          case "dataset":
            return t("codes.dataset", { dataset: p.params.dataset });
          case "locked":
            return t("codes.locked", { value: value(p.params.value) });
          case "notAllowed":
            return t("codes.notAllowed", {
              values: format.list(p.params.values.map(value), { type: "unit" }),
            });
          case "outOfRange":
            return t("codes.outOfRange", { min: num(p.params.min), max: num(p.params.max) });
          case "weightsTooLarge":
            return t("codes.weightsTooLarge", p.params);
          case "reproductionTooCostly":
            return t("codes.reproductionTooCostly", p.params);
          case "tooSmall":
            return t("codes.tooSmall", { min: num(p.params.min) });
          case "moreThan":
            return t("codes.moreThan", { min: num(p.params.min) });
          case "tooBig":
            return t("codes.tooBig", { max: num(p.params.max) });
          case "notANumber":
            return t("codes.notANumber");
          case "notInteger":
            return t("codes.notInteger");
          case "invalid":
            return t("codes.invalid");
        }
      };
      return t("line", { field: p.field, text: text() });
    },
    [t, tf, format],
  );
}
