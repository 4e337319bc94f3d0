"use client";
/**
 * A gradient profile on a log axis: decades of ||dL/dW|| relative to the last hidden layer, over the
 * hidden-to-hidden layers 2..L (input side on the left; layer 1 is left out, as the verdict leaves
 * it out). Editable with a mouse, a finger (drag across the layers) or the keyboard (left and right
 * pick a layer, up and down move it half a decade, shift for two); other curves (the measured
 * profile, the class's median or the class's measured profiles) are drawn over it, breaking where a
 * value is undefined and marking values past +-6 decades as off scale with an arrow at the edge.
 */
import { useTranslations } from "next-intl";
import { useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { NO_GRADIENT_DECADES, resample, SKETCH_DECADES } from "../../lib/challenges/prediction";
import { useFormat } from "./format";

export interface SketchCurve {
  /** Decades per layer; null where undefined (an overflowed gradient). */
  values: readonly (number | null)[];
  label: string;
  kind: "sketch" | "measured" | "median" | "class";
}

// Small enough that its text stays legible on a phone, where it is drawn about 330 px wide.
const W = 480;
const H = 330;
// Room on the left for the tick labels ("1e+6") and, apart from them, the axis title.
const PAD = { left: 84, right: 14, top: 14, bottom: 44 };
const TICKS = [-6, -4, -2, 0, 2, 4, 6];

const x = (i: number, n: number) =>
  PAD.left + (n <= 1 ? 0 : (i / (n - 1)) * (W - PAD.left - PAD.right));
const y = (decades: number) =>
  PAD.top + ((SKETCH_DECADES - decades) / (2 * SKETCH_DECADES)) * (H - PAD.top - PAD.bottom);
const decadesAt = (py: number) =>
  SKETCH_DECADES - ((py - PAD.top) / (H - PAD.top - PAD.bottom)) * 2 * SKETCH_DECADES;
const clip = (d: number) => Math.max(-SKETCH_DECADES, Math.min(SKETCH_DECADES, d));
const round = (d: number) => Math.round(d * 10) / 10;

type Format = ReturnType<typeof useFormat>;

/** An exponent with its sign ("+2", "-4", "0"), in the page's digits. */
const signed = (format: Format, d: number, digits = 0) =>
  format.number(d, {
    signDisplay: "exceptZero",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

/** A power of ten in the sketch's compact notation ("1", "10^+1.5", "1e-4"). */
const power = (format: Format, d: number) => (d === 0 ? "1" : `10^${signed(format, d, 1)}`);
const tenTo = (format: Format, d: number) => (d === 0 ? "1" : `1e${signed(format, d)}`);

/** `values` at n positions; a position next to an undefined value is undefined. */
function resampleDefined(values: readonly (number | null)[], n: number): (number | null)[] {
  if (values.length === n) return [...values];
  if (values.some((v) => v === null)) {
    return Array.from({ length: n }, (_, i) => {
      const t = n === 1 ? values.length - 1 : (i / (n - 1)) * (values.length - 1);
      const lo = values[Math.floor(t)];
      const hi = values[Math.ceil(t)];
      return lo === null || hi === null || lo === undefined || hi === undefined
        ? null
        : lo + (hi - lo) * (t - Math.floor(t));
    });
  }
  return resample(values as number[], n);
}

/** The curve clipped to the scale, broken where it is undefined. */
function path(values: readonly (number | null)[], n: number): string {
  let pen = "M";
  return resampleDefined(values, n)
    .map((v, i) => {
      if (v === null) {
        pen = "M";
        return "";
      }
      const d = `${pen}${x(i, n)},${y(clip(v))}`;
      pen = "L";
      return d;
    })
    .join(" ");
}

/** Arrows at the edge for values past the scale, so they never read as the edge's value. */
function OffScale({ values, n }: { values: readonly (number | null)[]; n: number }) {
  const t = useTranslations("charts");
  const format = useFormat();
  const offScaleText = (v: number) =>
    v <= NO_GRADIENT_DECADES
      ? t("sketch.noGradient")
      : t("sketch.offScale", { power: tenTo(format, Math.round(v)) });
  return (
    <>
      {resampleDefined(values, n).map((v, i) => {
        if (v === null || Math.abs(v) <= SKETCH_DECADES) return null;
        const up = v > 0;
        const tip = y(up ? SKETCH_DECADES : -SKETCH_DECADES) + (up ? -6 : 6);
        const base = tip + (up ? 10 : -10);
        return (
          <path
            key={i}
            d={`M${x(i, n) - 6},${base} L${x(i, n) + 6},${base} L${x(i, n)},${tip} Z`}
            className="off-scale"
          >
            <title>{offScaleText(v)}</title>
          </path>
        );
      })}
    </>
  );
}

export function ProfileSketch(props: {
  /** Points on the x axis: layers 2..L. */
  layers: number;
  /** The layer the first point stands for (2; 1 for sketches kept from before). */
  firstLayer?: number;
  /** The editable curve (resampled to `layers` points), when there is one. */
  value?: readonly number[];
  onChange?: (curve: number[]) => void;
  curves?: readonly SketchCurve[];
  label: string;
}) {
  const t = useTranslations("charts");
  const format = useFormat();
  const n = Math.max(2, props.layers);
  const editable = props.onChange !== undefined && props.value !== undefined;
  const current = props.value ? resample(props.value, n) : null;
  const [active, setActive] = useState(n - 1);
  const svg = useRef<SVGSVGElement>(null);
  const last = useRef<number | null>(null);
  const layer = Math.min(active, n - 1);
  const first = props.firstLayer ?? 2;

  function at(event: PointerEvent<SVGSVGElement>) {
    const box = svg.current!.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * W;
    const py = ((event.clientY - box.top) / box.height) * H;
    const i = Math.round(((px - PAD.left) / (W - PAD.left - PAD.right)) * (n - 1));
    return { i: Math.max(0, Math.min(n - 1, i)), d: round(clip(decadesAt(py))) };
  }

  function draw(event: PointerEvent<SVGSVGElement>) {
    if (!editable || !current) return;
    const { i, d } = at(event);
    const next = [...current];
    // A fast drag skips layers: fill the ones between the last point and this one.
    const from = last.current ?? i;
    const lo = Math.min(from, i);
    const hi = Math.max(from, i);
    for (let k = lo; k <= hi; k++) {
      const share = hi === lo ? 1 : (k - from) / (i - from);
      next[k] = k === i ? d : round(next[from]! + (d - next[from]!) * share);
    }
    last.current = i;
    setActive(i);
    props.onChange!(next);
  }

  function key(event: KeyboardEvent<SVGSVGElement>) {
    if (!editable || !current) return;
    const step = event.shiftKey ? 2 : 0.5;
    const moves: Record<string, () => void> = {
      ArrowLeft: () => setActive(Math.max(0, layer - 1)),
      ArrowRight: () => setActive(Math.min(n - 1, layer + 1)),
      Home: () => setActive(0),
      End: () => setActive(n - 1),
      ArrowUp: () => props.onChange!(current.map((v, i) => (i === layer ? clip(v + step) : v))),
      ArrowDown: () => props.onChange!(current.map((v, i) => (i === layer ? clip(v - step) : v))),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
    }
  }

  const labelEvery = Math.ceil(n / 10);
  return (
    <svg
      ref={svg}
      className={`sketch${editable ? " editable" : ""}`}
      // Left to right in every language: the input side (layer 2) on the left, as the lessons say.
      direction="ltr"
      viewBox={`0 0 ${W} ${H}`}
      role={editable ? "slider" : "img"}
      aria-label={props.label}
      tabIndex={editable ? 0 : undefined}
      aria-valuemin={editable ? -SKETCH_DECADES : undefined}
      aria-valuemax={editable ? SKETCH_DECADES : undefined}
      aria-valuenow={editable && current ? current[layer] : undefined}
      aria-valuetext={
        editable && current
          ? t("sketch.valueText", {
              layer: layer + first,
              count: n + first - 1,
              power: power(format, current[layer]!),
            })
          : undefined
      }
      onKeyDown={key}
      onPointerDown={(e) => {
        if (!editable) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        last.current = null;
        draw(e);
      }}
      onPointerMove={(e) => {
        // Between pointer down and up: a drag across the layers.
        if (last.current !== null) draw(e);
      }}
      onPointerUp={() => {
        last.current = null;
      }}
      onPointerCancel={() => {
        last.current = null;
      }}
    >
      {TICKS.map((tick) => (
        <g key={tick}>
          <line
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(tick)}
            y2={y(tick)}
            className={tick === 0 ? "axis-zero" : "grid"}
          />
          <text x={PAD.left - 8} y={y(tick) + 5} textAnchor="end" className="tick">
            {tenTo(format, tick)}
          </text>
        </g>
      ))}
      {Array.from({ length: n }, (_, i) =>
        i % labelEvery === 0 || i === n - 1 ? (
          <text key={i} x={x(i, n)} y={H - PAD.bottom + 20} textAnchor="middle" className="tick">
            {format.number(i + first)}
          </text>
        ) : null,
      )}
      <text
        transform={`translate(16 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
        className="axis-label"
      >
        {t("sketch.yAxis")}
      </text>
      <text x={(W + PAD.left) / 2} y={H - 4} textAnchor="middle" className="axis-label">
        {t("sketch.xAxis", { first })}
      </text>
      {(props.curves ?? []).map((c, k) => (
        <g key={`${c.kind}-${k}`}>
          <path d={path(c.values, n)} className={`curve ${c.kind}`}>
            <title>{c.label}</title>
          </path>
          <OffScale values={c.values} n={n} />
        </g>
      ))}
      {current && (
        <>
          <path d={path(current, n)} className="curve sketch" />
          {current.map((v, i) => (
            <circle
              key={i}
              cx={x(i, n)}
              cy={y(v)}
              r={editable && i === layer ? 7 : 4.5}
              className={`handle${editable && i === layer ? " active" : ""}`}
            />
          ))}
        </>
      )}
    </svg>
  );
}
