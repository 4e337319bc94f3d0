"use client";
/**
 * The class's sweep as one figure, filling in as runs are verified: the metric against the first
 * knob, one series per value of the second, every seed a point, the seeds' mean joined and their
 * spread drawn as a bar, the published value beside it where the challenge names one. Drawn by
 * Observable Plot as SVG, so it exports as SVG, as PNG and (its data) as CSV.
 */
import * as Plot from "@observablehq/plot";
import { useLocale, useTranslations } from "next-intl";
import Papa from "papaparse";
import { useEffect, useMemo, useRef } from "react";
import {
  cellOf,
  cellValues,
  REFERENCES,
  slotCount,
  sweepSeries,
  type SweepKnob,
  type SweepPoint,
  type SweepSpec,
} from "../../../../lib/challenges/sweep";
import { directionOf, isAppLocale } from "../../../../lib/i18n/locales";
import type { ChallengeView, RunView, SweepSlotView } from "../../../../lib/protocol/views";

/** Okabe-Ito, as the class plot: distinguishable with any colour vision; symbols differ too. */
const COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"];

/** A verified run filling a slot, with the value the figure plots. */
export interface SweepRow extends SweepPoint {
  run: RunView;
}

export function sweepRows(sweep: SweepSpec, runs: RunView[], slots: SweepSlotView[]): SweepRow[] {
  const filling = new Set(slots.filter((s) => s.status === "filled").map((s) => s.runId));
  const rows: SweepRow[] = [];
  for (const run of runs) {
    if (!filling.has(run.id) || run.status !== "verified") continue;
    const cell = cellOf(sweep, run.config);
    const value =
      sweep.metric === "factor"
        ? run.initialFactor
        : run.verifiedAccuracy === null
          ? null
          : 100 * run.verifiedAccuracy;
    if (cell === null || value === null) continue;
    rows.push({ cell, seed: run.config.seed - 1, value, run });
  }
  return rows;
}

/** The figure's words, in the page's language. */
interface FigureWords {
  /** A knob's name ("hidden layers"). */
  knob: (knob: SweepKnob) => string;
  /** A series' legend name ("batch norm off"). */
  series: (knob: string, value: string) => string;
  /** The legend's name for the single series. */
  classRuns: string;
  /** The y axis's title. */
  metric: string;
}

function figure(
  sweep: SweepSpec,
  rows: SweepRow[],
  width: number,
  words: FigureWords,
): SVGSVGElement {
  const { runs, summary } = sweepSeries(sweep, rows);
  const [xAxis, seriesAxis] = sweep.axes as [SweepSpec["axes"][0], SweepSpec["axes"][1]?];
  const series = seriesAxis ? seriesAxis.values.map(String) : ["class"];
  const colour = (s: string) => COLOURS[series.indexOf(s) % COLOURS.length]!;
  const numeric = typeof xAxis.values[0] === "number";
  const reference = sweep.reference ? REFERENCES[sweep.reference] : null;
  const referenceRows = reference
    ? series.flatMap((s) => {
        const v = reference.value(s);
        return v === null ? [] : [{ series: s, value: v }];
      })
    : [];
  // One legend line per series, with the published value drawn for it (dashed) named on the same
  // line: inside the SVG, so an exported figure keeps it, and apart from the axis titles.
  const legend = series.map((s) => {
    const name = seriesAxis
      ? words.series(words.knob(seriesAxis.knob as SweepKnob), s)
      : words.classRuns;
    const published = reference?.value(s);
    return published === null || published === undefined
      ? name
      : `${name}   - - ${reference!.sources[s === "off" ? "off" : "on"]}`;
  });
  const marginTop = 36 + 22 * legend.length;
  const marks: Plot.Markish[] = [
    Plot.frame({ stroke: "#ccc" }),
    ...referenceRows.map((r) => {
      const style = { stroke: colour(r.series), strokeDasharray: "8 5", strokeWidth: 2 };
      // A deep-network limit: along a depth axis it is drawn only where it holds.
      if (!(numeric && xAxis.knob === "depth")) return Plot.ruleY([r.value], style);
      const depths = xAxis.values as number[];
      const from = Math.max(Math.min(...depths), reference!.fromDepth);
      return Plot.line(
        [
          { x: from, y: r.value },
          { x: Math.max(...depths), y: r.value },
        ],
        { x: "x", y: "y", ...style },
      );
    }),
    Plot.ruleX(summary, {
      x: "x",
      y1: "min",
      y2: "max",
      stroke: (d: { series: string }) => colour(d.series),
      strokeWidth: 3,
      strokeOpacity: 0.5,
    }),
    Plot.line(summary, {
      x: "x",
      y: "mean",
      z: "series",
      stroke: (d: { series: string }) => colour(d.series),
      strokeWidth: 2.5,
    }),
    Plot.dot(runs, {
      // Named for tests and styles (the marks' own aria-labels are removed below).
      className: "sweep-dots",
      x: "x",
      y: "value",
      fill: (d: { series: string }) => colour(d.series),
      symbol: (d: { series: string }) =>
        ["circle", "triangle", "square", "diamond", "star", "cross", "wye"][
          series.indexOf(d.series) % 7
        ],
      r: 6,
      stroke: "white",
    }),
    // The legend above the frame, inside the SVG, so an exported figure keeps it.
    ...legend.map((text, i) =>
      Plot.text([text], {
        text: (d: string) => d,
        frameAnchor: "top-left",
        dx: 4,
        dy: -marginTop + 14 + 22 * i,
        fill: colour(series[i]!),
        fontSize: 18,
        fontWeight: "bold",
        textAnchor: "start",
      }),
    ),
  ];
  const svg = Plot.plot({
    width,
    height: Math.round(width * 0.6),
    marginTop,
    marginLeft: 96,
    marginBottom: 52,
    style: { fontSize: "18px", background: "white", color: "#111" },
    x: numeric
      ? {
          label: words.knob(xAxis.knob as SweepKnob),
          domain: extent(xAxis.values as number[]),
          ticks: xAxis.values as number[],
        }
      : {
          label: words.knob(xAxis.knob as SweepKnob),
          type: "point",
          domain: xAxis.values as string[],
        },
    y:
      sweep.metric === "accuracy"
        ? { ...Y_LABEL, label: words.metric, domain: [0, 100], grid: true }
        : { ...Y_LABEL, label: words.metric, grid: true, nice: true, zero: true },
    marks,
  }) as SVGSVGElement;
  // The figure's container is the image with its text alternative: the marks' own labels (an
  // aria-label on a <g> or <rect> with no role, which axe refuses) are hidden from assistive tech.
  for (const el of svg.querySelectorAll("[aria-label]")) el.removeAttribute("aria-label");
  svg.setAttribute("aria-hidden", "true");
  return svg;
}

/** The y axis's title down the left margin, clear of the legend above the frame. */
const Y_LABEL = { labelAnchor: "center", labelArrow: "none", labelOffset: 80 } as const;

function extent(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max(1, (hi - lo) * 0.04);
  return [lo - pad, hi + pad];
}

export function SweepPlot(props: {
  challenge: ChallengeView;
  runs: RunView[];
  slots: SweepSlotView[];
  /** Offer SVG, PNG and CSV downloads (the report). */
  exportable?: boolean;
  name?: (participantId: string) => string;
}) {
  const sweep = props.challenge.spec.sweep!;
  const t = useTranslations("sweepPlot");
  const locale = useLocale();
  const holder = useRef<HTMLDivElement>(null);
  const rows = useMemo(
    () => sweepRows(sweep, props.runs, props.slots),
    [sweep, props.runs, props.slots],
  );
  const held = props.slots.filter((s) => s.status === "held").length;
  const total = slotCount(sweep);
  const knobName = (knob: SweepKnob) => t(`knobs.${knob}`);
  const metric = t(`metrics.${sweep.metric}`);
  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const words: FigureWords = {
      knob: (knob) => t(`knobs.${knob}`),
      series: (knob, value) => t("series", { knob, value }),
      classRuns: t("classRuns"),
      metric: t(`metrics.${sweep.metric}`),
    };
    el.replaceChildren(
      figure(sweep, rows, Math.max(480, Math.min(1100, el.clientWidth || 800)), words),
    );
    // A new language redraws it (t changes with the language).
  }, [sweep, rows, t]);

  const file = props.challenge.title.replace(/[^\w-]+/g, "-").toLowerCase();
  const svgText = () => {
    const svg = holder.current?.querySelector("svg");
    if (!svg) return null;
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    return new XMLSerializer().serializeToString(copy);
  };
  const download = (blob: Blob, name: string) => {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  const exportSvg = () => {
    const text = svgText();
    if (text) download(new Blob([text], { type: "image/svg+xml" }), `${file}.svg`);
  };
  const exportPng = () => {
    const text = svgText();
    const svg = holder.current?.querySelector("svg");
    if (!text || !svg) return;
    const image = new Image();
    const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    image.onload = () => {
      const scale = 2;
      const canvas = document.createElement("canvas");
      canvas.width = svg.width.baseVal.value * scale;
      canvas.height = svg.height.baseVal.value * scale;
      const ctx = canvas.getContext("2d")!;
      ctx.fillStyle = "white";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob((png) => png && download(png, `${file}.png`), "image/png");
    };
    image.src = url;
  };
  const exportCsv = () => {
    const data = rows.map((r) => ({
      challenge: props.challenge.title,
      cell: r.cell,
      ...cellValues(sweep, r.cell),
      seed: r.run.config.seed,
      student: props.name?.(r.run.participantId) ?? r.run.participantId,
      runId: r.run.id,
      metric: sweep.metric,
      value: r.value,
      verifiedAccuracy: r.run.verifiedAccuracy,
      gradientRatioAtInit: r.run.initialGradRatio,
      submittedAt: r.run.submittedAt,
    }));
    // escapeFormulae: a nickname starting with = + - @ cannot become a spreadsheet formula.
    download(
      new Blob([Papa.unparse(data, { escapeFormulae: true })], { type: "text/csv" }),
      `${file}.csv`,
    );
  };

  const [first, second] = sweep.axes as [SweepSpec["axes"][0], SweepSpec["axes"][1]?];
  const knobs = second
    ? t("knobPair", {
        first: knobName(first.knob as SweepKnob),
        second: knobName(second.knob as SweepKnob),
      })
    : knobName(first.knob as SweepKnob);
  const verified = t("verified", { count: rows.length, total });
  return (
    // Its axes read left to right in every language (the words in the page's own).
    <figure className="chart sweep-plot" dir="ltr">
      <div
        ref={holder}
        className="sweep-figure"
        role="img"
        aria-label={t("ariaLabel", { knobs, verified, metric })}
      />
      <figcaption dir={directionOf(isAppLocale(locale) ? locale : "en")}>
        <span className="sweep-progress">{verified}</span>{" "}
        {t("caption", { held, knobs, seeds: sweep.seeds })}
        {sweep.reference && (
          <>
            {" "}
            {t(`references.${sweep.reference}`, {
              fromDepth: REFERENCES[sweep.reference].fromDepth,
            })}
          </>
        )}
      </figcaption>
      {props.exportable && (
        <p className="controls" dir={directionOf(isAppLocale(locale) ? locale : "en")}>
          <button type="button" className="secondary small" onClick={exportSvg}>
            {t("exportSvg")}
          </button>
          <button type="button" className="secondary small" onClick={exportPng}>
            {t("exportPng")}
          </button>
          <button type="button" className="secondary small" onClick={exportCsv}>
            {t("exportCsv")}
          </button>
        </p>
      )}
    </figure>
  );
}
