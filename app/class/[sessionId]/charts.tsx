"use client";
/**
 * The lab's charts: loss and accuracy curves (uPlot, one or several runs overlaid), the layers x
 * steps gradient heatmap (canvas, with axes and a readout on hover or keyboard focus), and the
 * per-layer gradient profile. Before the first run they show what they will show, not an empty frame.
 */
import { useLocale, useTranslations } from "next-intl";
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { TelemetryFrame } from "../../../lib/nn/trainer";
import { HEATMAP_LOG_MAX, HEATMAP_LOG_MIN, heatmapPosition, viridis } from "../../_client/colour";
import { useFormat } from "../../_client/format";

/** Norms' symbols, the same in every language. */
const WEIGHT_GRAD = "||dL/dW||";
const ACTIVATION_GRAD = "||dL/dz||";

/** Rows the accuracy curve is measured on (CURVE_ROWS in lib/nn/trainer.ts, kept out of the page). */
const CURVE_ROWS = 1024;

/**
 * Scientific notation in the page's language with the lower-case "e" the charts have always
 * written ("3.2e-5", "3,2e-5"); `plus` writes a positive exponent with its sign, as
 * Number.toExponential did ("2.0e+1").
 */
export function useScientific(): (value: number, digits: number, plus?: boolean) => string {
  const locale = useLocale();
  return useMemo(() => {
    const formats = [0, 1, 2, 3].map(
      (digits) =>
        new Intl.NumberFormat(locale, {
          notation: "scientific",
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }),
    );
    return (value, digits, plus = true) => {
      const parts = formats[Math.min(3, Math.max(0, Math.round(digits)))]!.formatToParts(value);
      const signed = parts.some((p) => p.type === "exponentMinusSign");
      return parts
        .map((p) =>
          p.type === "exponentSeparator"
            ? `${p.value === "E" ? "e" : p.value}${plus && !signed ? "+" : ""}`
            : p.value,
        )
        .join("");
    };
  }, [locale]);
}

/**
 * A tick on a log axis in the page's language: plain between 0.001 and 1000, else a power of ten
 * ("1e-5", "3e6"), as format.ts's logTick writes it. A gradient of 1e-5 must never print as "0".
 */
function useLogTick(): (value: number) => string {
  const format = useFormat();
  const scientific = useScientific();
  return useCallback(
    (v: number) => {
      const a = Math.abs(v);
      return v !== 0 && (a < 1e-3 || a >= 1e3)
        ? scientific(v, 0, false)
        : format.number(v, { maximumSignificantDigits: 2 });
    },
    [format, scientific],
  );
}

/** Okabe-Ito colours for overlaid runs (colour-blind safe), with a dash pattern each. */
export const RUN_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];
const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2]];

export interface Series {
  label: string;
  /** x values (steps or layers) and y values; null or non-finite leave a gap. */
  xs: number[];
  ys: (number | null)[];
}

interface ChartProps {
  series: Series[];
  xLabel: string;
  yLabel: string;
  caption: string;
  /** What a screen reader hears. */
  description: string;
  logY?: boolean;
  /** Shown instead of an empty frame while there is nothing to plot. */
  empty: string;
}

/** Series on one x axis: the union of their x values, each y aligned to it. */
function align(series: Series[]): uPlot.AlignedData {
  const xs = [...new Set(series.flatMap((s) => s.xs))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const column: (number | null)[] = new Array(xs.length).fill(null);
    s.xs.forEach((x, i) => {
      const y = s.ys[i];
      column[index.get(x)!] = y !== null && y !== undefined && Number.isFinite(y) ? y : null;
    });
    return column;
  });
  return [xs, ...ys] as uPlot.AlignedData;
}

/** A legend's reading of a value ("--" where there is none, as uPlot writes it). */
const legendValue =
  (write: (v: number) => string) =>
  (_: uPlot, v: number | null): string =>
    v === null || v === undefined ? "--" : write(v);

/** Lines over a shared x axis, with a legend when there are several. */
export function Chart({ series, xLabel, yLabel, caption, description, logY, empty }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const hasData = series.some((s) => s.xs.length > 0);
  const shape = series.map((s) => s.label).join("|");
  const format = useFormat();
  const logTick = useLogTick();
  const locale = useLocale();
  useEffect(() => {
    if (!box.current || !hasData) return;
    const el = box.current;
    const plain = (v: number) => format.number(v);
    plot.current = withCpuCanvases(
      () =>
        new uPlot(
          {
            width: Math.max(200, el.clientWidth),
            height: 200,
            scales: { x: { time: false }, ...(logY ? { y: { distr: 3 } } : {}) },
            // Tick and legend numbers in the page's language (uPlot's own follow the browser's).
            axes: [
              { label: xLabel, values: (_: uPlot, ticks: number[]) => ticks.map(plain) },
              {
                label: yLabel,
                ...(logY
                  ? {
                      values: (_: uPlot, ticks: number[]) => ticks.map(logTick),
                      size: 64,
                    }
                  : { values: (_: uPlot, ticks: number[]) => ticks.map(plain) }),
              },
            ],
            series: [
              { label: xLabel, value: legendValue(plain) },
              ...series.map((s, i) => ({
                label: s.label,
                value: legendValue(logY ? logTick : plain),
                stroke: RUN_COLOURS[i % RUN_COLOURS.length],
                dash: DASHES[i % DASHES.length],
                width: 2,
                spanGaps: true,
              })),
            ],
            legend: { show: series.length > 1 },
          },
          align(series),
          el,
        ),
    );
    // Follow the container on phones turning sideways and on resizes.
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(200, el.clientWidth), height: 200 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuilt when the set of series or the language changes (the number formats follow the
    // language); data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, hasData, xLabel, yLabel, logY, locale]);
  useEffect(() => {
    plot.current?.setData(align(series));
  }, [series]);
  return (
    <figure className="chart">
      {hasData ? (
        // Left to right in every language: the x axis runs from step 1 (or layer 1) on the left.
        <div ref={box} role="img" aria-label={description} dir="ltr" />
      ) : (
        <p className="chart-empty">{empty}</p>
      )}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

/** Loss per step; `steps` gives the x values when the losses are a sample (telemetry frames). */
export function LossChart({ losses, steps }: { losses: number[]; steps?: number[] }) {
  const t = useTranslations("charts");
  const format = useFormat();
  const last = losses.at(-1);
  const label = t("loss.series");
  const series = useMemo(() => {
    const points = evenly(
      losses.map((y, i) => [steps?.[i] ?? i + 1, y] as const),
      CURVE_POINTS,
    );
    return [{ label, xs: points.map((p) => p[0]), ys: points.map((p) => p[1]) }];
  }, [losses, steps, label]);
  return (
    <Chart
      series={series}
      xLabel={t("axis.step")}
      yLabel={t("loss.axis")}
      caption={t("loss.caption")}
      description={
        last !== undefined
          ? t("loss.descriptionNow", { steps: losses.length, loss: format.fixed(last, 3) })
          : t("loss.description", { steps: losses.length })
      }
      empty={t("loss.empty")}
    />
  );
}

/**
 * Train accuracy at the frames that measured it (on the curve's rows of the training split, every
 * ACCURACY_EVERY steps; the frames between carry NaN, drawn as the line across).
 */
export function AccuracyChart({ frames }: { frames: TelemetryFrame[] }) {
  const t = useTranslations("charts");
  const format = useFormat();
  const last = frames.filter((f) => Number.isFinite(f.accuracy)).at(-1)?.accuracy;
  return (
    <Chart
      series={[
        {
          label: t("accuracy.series"),
          xs: frames.map((f) => f.step),
          ys: frames.map((f) => 100 * f.accuracy),
        },
      ]}
      xLabel={t("axis.step")}
      yLabel={t("accuracy.axis")}
      caption={t("accuracy.caption", { points: CURVE_ROWS })}
      description={
        last !== undefined
          ? t("accuracy.descriptionNow", { accuracy: format.percent(last, 0) })
          : t("accuracy.description")
      }
      empty={t("accuracy.empty")}
    />
  );
}

const HEATMAP_WIDTH = 600;
/** At most this many columns (2 px each): a long run's frames are sampled evenly. */
const HEATMAP_COLUMNS = HEATMAP_WIDTH / 2;
/** At most this many points per curve: a long run's losses are sampled evenly, the last kept. */
const CURVE_POINTS = 1_000;

/** `items` sampled at evenly spaced positions, the last one always kept. */
export function evenly<T>(items: readonly T[], most: number): T[] {
  if (items.length <= most) return [...items];
  const stride = (items.length - 1) / (most - 1);
  return Array.from({ length: most }, (_, i) => items[Math.round(i * stride)]!);
}

/**
 * A 2-D context drawn by the CPU: an accelerated canvas redrawn often made the page wait on the GPU
 * (and, on machines rendering in software, took that time from the training worker).
 */
const cpuContext = (canvas: HTMLCanvasElement) =>
  canvas.getContext("2d", { willReadFrequently: true });

/**
 * Runs `make` with every 2-D context it asks for drawn by the CPU: uPlot makes its own canvases,
 * and an accelerated one cost ~30-50 ms of GPU setup each (one ~200 ms task when a run's first
 * chunk made the charts) and then GPU waits on every redraw. The patch lasts only while uPlot's
 * constructor runs (it asks for its context there).
 */
function withCpuCanvases<T>(make: () => T): T {
  const proto = HTMLCanvasElement.prototype;
  const original = proto.getContext;
  const call = original as (
    this: HTMLCanvasElement,
    type: string,
    options?: object,
  ) => RenderingContext | null;
  proto.getContext = function (this: HTMLCanvasElement, type: string, options?: object) {
    return call.call(
      this,
      type,
      type === "2d" ? { ...options, willReadFrequently: true } : options,
    );
  } as typeof original;
  try {
    return make();
  } finally {
    proto.getContext = original;
  }
}

/**
 * Weight-gradient norm per layer (rows, layer 1 at the bottom) and telemetry step (columns), with
 * its axes; hovering or moving through it with the arrow keys reads out a cell.
 */
export function GradientHeatmap({ frames: all }: { frames: TelemetryFrame[] }) {
  const t = useTranslations("charts");
  const format = useFormat();
  const scientific = useScientific();
  const canvas = useRef<HTMLCanvasElement>(null);
  const frames = useMemo(() => evenly(all, HEATMAP_COLUMNS), [all]);
  const depth = frames[0]?.layers.length ?? 0;
  const height = Math.max(120, depth * 12);
  const [cell, setCell] = useState<{ frame: number; layer: number } | null>(null);
  useEffect(() => {
    const ctx = canvas.current && cpuContext(canvas.current);
    if (!ctx || !canvas.current) return;
    const { width } = canvas.current;
    ctx.clearRect(0, 0, width, height);
    if (frames.length === 0 || depth === 0) return;
    const cw = width / frames.length;
    const ch = height / depth;
    frames.forEach((frame, x) => {
      frame.layers.forEach((layer, l) => {
        const v = layer.weightGradNorm;
        ctx.fillStyle = Number.isFinite(v) ? viridis(heatmapPosition(v)) : "#d55e00";
        ctx.fillRect(x * cw, height - (l + 1) * ch, Math.ceil(cw), Math.ceil(ch));
      });
    });
    if (cell && frames[cell.frame]) {
      ctx.strokeStyle = "#e69f00";
      ctx.lineWidth = 3;
      ctx.strokeRect(cell.frame * cw, height - (cell.layer + 1) * ch, cw, ch);
    }
  }, [frames, depth, height, cell]);

  if (frames.length === 0 || depth === 0)
    return (
      <figure className="chart">
        <p className="chart-empty">{t("heatmap.empty")}</p>
        <figcaption>{t("heatmap.emptyCaption")}</figcaption>
      </figure>
    );

  const at = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const frame = Math.floor(((event.clientX - box.left) / box.width) * frames.length);
    const layer = depth - 1 - Math.floor(((event.clientY - box.top) / box.height) * depth);
    if (frame >= 0 && frame < frames.length && layer >= 0 && layer < depth)
      setCell({ frame, layer });
  };
  const move = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const here = cell ?? { frame: frames.length - 1, layer: 0 };
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[
      event.key
    ];
    if (!step) return;
    event.preventDefault();
    setCell({
      frame: Math.min(frames.length - 1, Math.max(0, here.frame + step[0]!)),
      layer: Math.min(depth - 1, Math.max(0, here.layer + step[1]!)),
    });
  };
  const shown = cell && frames[cell.frame] ? cell : null;
  const value = shown ? frames[shown.frame]!.layers[shown.layer]?.weightGradNorm : undefined;
  const last = frames.at(-1)!;
  const ticks = [1, Math.ceil(depth / 2), depth].filter((v, i, a) => a.indexOf(v) === i);
  const first = frames[0]!.step;
  return (
    <figure className="chart">
      {/* Left to right in every language: steps run left to right, layer 1 at the bottom. */}
      <div className="heatmap-frame" dir="ltr">
        <span className="axis-title y">{t("heatmap.layerAxis")}</span>
        <ol className="y-ticks" aria-hidden="true" style={{ height }}>
          {ticks.reverse().map((tick) => (
            <li key={tick} style={{ bottom: `${((tick - 0.5) / depth) * 100}%` }}>
              {format.number(tick)}
            </li>
          ))}
        </ol>
        <canvas
          ref={canvas}
          width={HEATMAP_WIDTH}
          height={height}
          className="heatmap"
          tabIndex={0}
          role="img"
          aria-label={t("heatmap.label", {
            depth,
            samples: frames.length,
            first: scientific(last.layers[0]?.weightGradNorm ?? Number.NaN, 1),
            last: scientific(last.layers.at(-1)?.weightGradNorm ?? Number.NaN, 1),
          })}
          onMouseMove={at}
          onMouseLeave={() => setCell(null)}
          onKeyDown={move}
          onBlur={() => setCell(null)}
        />
        <div className="x-ticks" aria-hidden="true">
          <span>{t("heatmap.stepTick", { step: first })}</span>
          <span>{t("heatmap.stepTick", { step: last.step })}</span>
        </div>
      </div>
      <p className="readout" aria-live="polite">
        {shown
          ? t("heatmap.readout", {
              layer: shown.layer + 1,
              step: frames[shown.frame]!.step,
              norm: WEIGHT_GRAD,
              value:
                value !== undefined && Number.isFinite(value)
                  ? scientific(value, 2)
                  : t("heatmap.overflow"),
            })
          : t("heatmap.hint")}
      </p>
      <figcaption>
        {t("heatmap.caption", { norm: WEIGHT_GRAD, min: HEATMAP_LOG_MIN, max: HEATMAP_LOG_MAX })}{" "}
        {t("inputLayerCaption")}
      </figcaption>
    </figure>
  );
}

/** The current gradient-flow profile: weight and back-propagated gradient per layer, log scale bars. */
export function FlowProfile({ frame }: { frame: TelemetryFrame | undefined }) {
  const t = useTranslations("charts");
  const format = useFormat();
  const scientific = useScientific();
  if (!frame) return null;
  // Bars on the heatmap's log scale, at most 6rem long.
  const bar = (v: number) => `${(6 * heatmapPosition(v)).toFixed(2)}rem`;
  return (
    <div className="table-scroll">
      <table className="profile">
        <caption>{t("profile.caption", { step: frame.step })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("profile.layer")}</th>
            <th scope="col">{WEIGHT_GRAD}</th>
            <th scope="col">{ACTIVATION_GRAD}</th>
            <th scope="col">{t("profile.saturated")}</th>
            <th scope="col">{t("profile.update")}</th>
          </tr>
        </thead>
        <tbody>
          {[...frame.layers].reverse().map((l) => (
            <tr key={l.layer}>
              <th scope="row">{format.number(l.layer)}</th>
              <td>
                <span className="bar" style={{ width: bar(l.weightGradNorm) }} />
                {scientific(l.weightGradNorm, 1)}
              </td>
              <td>
                <span className="bar alt" style={{ width: bar(l.activationGradNorm) }} />
                {scientific(l.activationGradNorm, 1)}
              </td>
              <td>{format.percent(Math.max(l.saturated, l.dead), 0)}</td>
              <td>{scientific(l.updateRatio, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
