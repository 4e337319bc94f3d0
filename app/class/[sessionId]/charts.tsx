"use client";
/** Live training charts: the loss curve (uPlot) and the layers x steps gradient heatmap (canvas). */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { TelemetryFrame } from "../../../lib/nn/trainer";
import { HEATMAP_LOG_MAX, HEATMAP_LOG_MIN, heatmapPosition, viridis } from "../../_client/colour";

interface LineChartProps {
  xs: number[];
  ys: number[];
  yLabel: string;
  caption: string;
  colour: string;
  /** What a screen reader hears: the latest value, formatted. */
  describe: (last: number | undefined) => string;
}

/** One uPlot line over training steps; non-finite values leave a gap. */
function LineChart({ xs, ys, yLabel, caption, colour, describe }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    if (!box.current) return;
    plot.current = new uPlot(
      {
        width: Math.max(240, box.current.clientWidth),
        height: 220,
        scales: { x: { time: false } },
        axes: [{ label: "step" }, { label: yLabel }],
        series: [{ label: "step" }, { label: yLabel, stroke: colour, width: 2 }],
        legend: { show: false },
      },
      [[], []],
      box.current,
    );
    return () => plot.current?.destroy();
  }, [yLabel, colour]);
  useEffect(() => {
    plot.current?.setData([
      xs,
      ys.map((y) => (Number.isFinite(y) ? y : null)),
    ] as uPlot.AlignedData);
  }, [xs, ys]);
  return (
    <figure className="chart">
      <div ref={box} role="img" aria-label={describe(ys.at(-1))} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

/** Loss per step; `steps` gives the x values when the losses are a sample (e.g. telemetry frames). */
export function LossChart({ losses, steps }: { losses: number[]; steps?: number[] }) {
  return (
    <LineChart
      xs={steps ?? losses.map((_, i) => i + 1)}
      ys={losses}
      yLabel="loss"
      caption="Loss per step"
      colour="#0072b2"
      describe={(last) =>
        `Loss curve over ${losses.length} steps${last !== undefined ? `, now ${last.toFixed(3)}` : ""}`
      }
    />
  );
}

/** Mini-batch accuracy at each telemetry frame. */
export function AccuracyChart({ frames }: { frames: TelemetryFrame[] }) {
  return (
    <LineChart
      xs={frames.map((f) => f.step)}
      ys={frames.map((f) => 100 * f.accuracy)}
      yLabel="accuracy (%)"
      caption="Mini-batch accuracy"
      colour="#009e73"
      describe={(last) => `Accuracy curve${last !== undefined ? `, now ${last.toFixed(0)}%` : ""}`}
    />
  );
}

/** Weight-gradient norm per layer (rows, layer 1 at the bottom) and telemetry step (columns). */
export function GradientHeatmap({ frames }: { frames: TelemetryFrame[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const depth = frames[0]?.layers.length ?? 0;
  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx || !canvas.current) return;
    const { width, height } = canvas.current;
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
  }, [frames, depth]);
  const last = frames.at(-1);
  const first = last?.layers[0]?.weightGradNorm;
  const top = last?.layers.at(-1)?.weightGradNorm;
  return (
    <figure className="chart">
      <canvas
        ref={canvas}
        width={600}
        height={Math.max(120, depth * 12)}
        className="heatmap"
        role="img"
        aria-label={
          last
            ? `Gradient norms of ${depth} layers over ${frames.length} samples; now layer 1 ${first?.toExponential(1)}, layer ${depth} ${top?.toExponential(1)}`
            : "No gradient telemetry yet"
        }
      />
      <figcaption>
        ||dL/dW|| per layer (bottom: layer 1) over training, log scale from 1e{HEATMAP_LOG_MIN}{" "}
        (dark) to 1e{HEATMAP_LOG_MAX} (yellow)
      </figcaption>
    </figure>
  );
}

/** The current gradient-flow profile: weight and back-propagated gradient per layer, log scale bars. */
export function FlowProfile({ frame }: { frame: TelemetryFrame | undefined }) {
  if (!frame) return null;
  // Bars on the heatmap's log scale, at most 6rem long.
  const bar = (v: number) => `${(6 * heatmapPosition(v)).toFixed(2)}rem`;
  return (
    <table className="profile">
      <caption>Gradient flow at step {frame.step}</caption>
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">||dL/dW||</th>
          <th scope="col">||dL/dz||</th>
          <th scope="col">Saturated / dead</th>
          <th scope="col">Update / weight</th>
        </tr>
      </thead>
      <tbody>
        {[...frame.layers].reverse().map((l) => (
          <tr key={l.layer}>
            <th scope="row">{l.layer}</th>
            <td>
              <span className="bar" style={{ width: bar(l.weightGradNorm) }} />
              {l.weightGradNorm.toExponential(1)}
            </td>
            <td>
              <span className="bar alt" style={{ width: bar(l.activationGradNorm) }} />
              {l.activationGradNorm.toExponential(1)}
            </td>
            <td>{Math.round(100 * Math.max(l.saturated, l.dead))}%</td>
            <td>{l.updateRatio.toExponential(1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
