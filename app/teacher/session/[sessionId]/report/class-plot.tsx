"use client";
/**
 * The class reproduces the paper's figure: every verified run of a challenge, verified accuracy
 * against depth, one series per setting of the knob the class varied (batch norm or initializer).
 * When every run has the same depth (a challenge that locks it) depth is no axis: each setting gets
 * its own column instead, the runs spread a little across it. Words in the page's language; the axes
 * keep depth growing to the right in every language (the figure is left to right).
 */
import { Chart, Legend, LinearScale, PointElement, ScatterController, Tooltip } from "chart.js";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import type { RunView } from "../../../../../lib/protocol/views";

Chart.register(ScatterController, LinearScale, PointElement, Legend, Tooltip);

/** Okabe-Ito: distinguishable with any colour vision; point shapes differ too. */
const COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"];
const SHAPES = ["circle", "triangle", "rect", "rectRot", "star", "crossRot", "cross"] as const;

export function groupKey(runs: RunView[]): "batchNorm" | "init" | "activation" {
  const distinct = (k: "batchNorm" | "init" | "activation") =>
    new Set(runs.map((r) => r.config[k])).size;
  return distinct("batchNorm") > 1 ? "batchNorm" : distinct("init") > 1 ? "init" : "activation";
}

export function ClassPlot({ runs }: { runs: RunView[] }) {
  const t = useTranslations("classPlot");
  const format = useFormatter();
  const locale = useLocale();
  const canvas = useRef<HTMLCanvasElement>(null);
  const verified = runs.filter((r) => r.status === "verified" && r.verifiedAccuracy !== null);
  const key = groupKey(verified);
  const groups = [...new Set(verified.map((r) => String(r.config[key])))].sort();
  const byDepth = new Set(verified.map((r) => r.config.depth)).size > 1;
  // Batch norm's placements are words; initializers and activations are technical names, kept.
  const valueName = (g: string) => (key === "batchNorm" ? t(`batchNorm.${g}`) : g);
  const knob = t(`knobs.${key}`);
  const names = groups.map(valueName);
  const seriesLabels = names.map((value) => t("series", { knob, value }));
  const depthTitle = t("depthAxis");
  const accuracyTitle = t("accuracyAxis");
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: "scatter",
      data: {
        datasets: groups.map((g, i) => ({
          label: seriesLabels[i],
          data: verified
            .filter((r) => String(r.config[key]) === g)
            .map((r, k) => ({
              // Across a column: a small, deterministic spread so equal scores stay apart.
              x: byDepth ? r.config.depth : i + ((k % 7) - 3) * 0.05,
              y: 100 * r.verifiedAccuracy!,
            })),
          backgroundColor: COLOURS[i % COLOURS.length],
          borderColor: COLOURS[i % COLOURS.length],
          pointStyle: SHAPES[i % SHAPES.length],
          pointRadius: 7,
        })),
      },
      options: {
        animation: false,
        // Tick numbers in the page's language.
        locale,
        scales: {
          x: byDepth
            ? { title: { display: true, text: depthTitle }, ticks: { precision: 0 } }
            : {
                title: { display: true, text: knob },
                min: -0.5,
                max: groups.length - 0.5,
                ticks: {
                  stepSize: 1,
                  callback: (v) => names[Number(v)] ?? "",
                },
              },
          y: { title: { display: true, text: accuracyTitle }, min: 0, max: 100 },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
    return () => chart.destroy();
  }, [
    verified,
    groups,
    key,
    byDepth,
    locale,
    knob,
    names,
    seriesLabels,
    depthTitle,
    accuracyTitle,
  ]);
  if (verified.length === 0) return <p className="muted">{t("empty")}</p>;
  // "a, b, c": the values as a list, without "and".
  const values = format.list(names, { type: "unit" });
  return (
    <figure className="chart" dir="ltr">
      <canvas
        ref={canvas}
        role="img"
        aria-label={
          byDepth
            ? t("labelByDepth", { runs: verified.length, knob, values })
            : t("labelByKnob", { runs: verified.length, knob, values })
        }
      />
      <figcaption dir="auto">
        {byDepth ? t("captionByDepth", { knob }) : t("captionByKnob", { knob })}
      </figcaption>
    </figure>
  );
}
