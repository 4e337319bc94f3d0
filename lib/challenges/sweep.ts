/**
 * A sweep turns a challenge into one experiment run by the whole class: a grid over one or two knobs
 * with a number of seeds per cell. Each student gets one (cell, seed) slot at a time; the class plot
 * is the grid's verified results. Pure: slots, their configs, the plot's series and its CSV rows.
 */
import { z } from "zod";
import {
  ACTIVATIONS,
  BATCH_NORM_PLACEMENTS,
  INITIALIZERS,
  MAX_DEPTH,
  MAX_WIDTH,
  type NetworkConfig,
} from "../nn/config";

/** The knobs a sweep may vary: the sizes are numbers, the others choices. */
export const SWEEP_KNOBS = ["depth", "width", "batchNorm", "init", "activation"] as const;
export type SweepKnob = (typeof SWEEP_KNOBS)[number];

export const MAX_SWEEP_VALUES = 25;
export const MAX_SWEEP_SEEDS = 10;
/** Cells x seeds: a lecture hall's worth of runs. */
export const MAX_SWEEP_SLOTS = 1000;

const distinct = <T>(values: readonly T[]) => new Set(values).size === values.length;

const axisSchema = z.discriminatedUnion("knob", [
  z
    .object({
      knob: z.literal("depth"),
      values: z.array(z.number().int().min(1).max(MAX_DEPTH)).min(1).max(MAX_SWEEP_VALUES),
    })
    .strict(),
  z
    .object({
      knob: z.literal("width"),
      values: z.array(z.number().int().min(2).max(MAX_WIDTH)).min(1).max(MAX_SWEEP_VALUES),
    })
    .strict(),
  z
    .object({ knob: z.literal("batchNorm"), values: z.array(z.enum(BATCH_NORM_PLACEMENTS)).min(1) })
    .strict(),
  z.object({ knob: z.literal("init"), values: z.array(z.enum(INITIALIZERS)).min(1) }).strict(),
  z.object({ knob: z.literal("activation"), values: z.array(z.enum(ACTIVATIONS)).min(1) }).strict(),
]);

export type SweepAxis = z.infer<typeof axisSchema>;

/** What the class plot shows per run: verified test accuracy or the per-layer gradient factor. */
export const SWEEP_METRICS = ["accuracy", "factor"] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number];

export const sweepSpecSchema = z
  .object({
    /** One or two knobs; the first is the plot's x axis, the second its series. */
    axes: z
      .array(axisSchema)
      .min(1)
      .max(2)
      .refine((axes) => axes.every((a) => distinct<unknown>(a.values)), {
        message: "a knob's values must differ",
      })
      .refine((axes) => distinct(axes.map((a) => a.knob)), { message: "two different knobs" }),
    seeds: z.number().int().min(1).max(MAX_SWEEP_SEEDS),
    metric: z.enum(SWEEP_METRICS).default("accuracy"),
    /** A published result drawn beside the class's (see REFERENCES). */
    reference: z.enum(["yang-bn"]).nullable().default(null),
  })
  .strict()
  .refine((s) => slotCount(s) <= MAX_SWEEP_SLOTS, {
    message: `at most ${MAX_SWEEP_SLOTS} cells x seeds`,
  });

export type SweepSpec = z.infer<typeof sweepSpecSchema>;
export type SweepReference = NonNullable<SweepSpec["reference"]>;

/** The grid's shape (typed apart from SweepSpec, which the schema's own check uses). */
interface Grid {
  axes: readonly { values: readonly unknown[] }[];
}

export function cellCount(spec: Grid): number {
  return spec.axes.reduce((n, a) => n * a.values.length, 1);
}

export function slotCount(spec: Grid & { seeds: number }): number {
  return cellCount(spec) * spec.seeds;
}

/** One run the class owes the grid: cell (row-major over the axes) and seed index. */
export interface Slot {
  cell: number;
  seed: number;
}

/** The knob values of a cell, e.g. { depth: 10, batchNorm: "before" }. */
export function cellValues(spec: Pick<SweepSpec, "axes">, cell: number): Partial<NetworkConfig> {
  const values: Record<string, unknown> = {};
  let rest = cell;
  for (let i = spec.axes.length - 1; i >= 0; i--) {
    const axis = spec.axes[i]!;
    values[axis.knob] = axis.values[rest % axis.values.length];
    rest = Math.floor(rest / axis.values.length);
  }
  return values as Partial<NetworkConfig>;
}

/** The config fields a slot fixes: its cell's knobs and its seed (seed index i trains seed i + 1). */
export function slotConfig(spec: Pick<SweepSpec, "axes">, slot: Slot): Partial<NetworkConfig> {
  return { ...cellValues(spec, slot.cell), seed: slot.seed + 1 };
}

/** The cell a config belongs to, or null when its knob values are not on the grid. */
export function cellOf(spec: Pick<SweepSpec, "axes">, config: NetworkConfig): number | null {
  let cell = 0;
  for (const axis of spec.axes) {
    const index = (axis.values as readonly unknown[]).indexOf(config[axis.knob]);
    if (index < 0) return null;
    cell = cell * axis.values.length + index;
  }
  return cell;
}

export const slotKey = (s: Slot) => `${s.cell}:${s.seed}`;

/**
 * The order slots are handed out in: every cell's first seed before any cell's second, so a class
 * smaller than the grid still covers every setting once before it repeats one.
 */
export function slotOrder(spec: Pick<SweepSpec, "axes" | "seeds">): Slot[] {
  const slots: Slot[] = [];
  for (let seed = 0; seed < spec.seeds; seed++)
    for (let cell = 0; cell < cellCount(spec); cell++) slots.push({ cell, seed });
  return slots;
}

/** The first slot in hand-out order not in `taken`, or null when the grid is full. */
export function nextSlot(
  spec: Pick<SweepSpec, "axes" | "seeds">,
  taken: ReadonlySet<string>,
): Slot | null {
  return slotOrder(spec).find((s) => !taken.has(slotKey(s))) ?? null;
}

/** One verified run of the grid, as the plot takes it. */
export interface SweepPoint {
  cell: number;
  seed: number;
  value: number;
}

/** One point per setting of the x knob in one series: the seeds' mean and spread. */
export interface SweepSummaryPoint {
  series: string;
  x: number | string;
  mean: number;
  min: number;
  max: number;
  n: number;
}

/** The plot's data: every run placed on its axes, and per series and x the seeds' summary. */
export function sweepSeries(spec: Pick<SweepSpec, "axes">, points: readonly SweepPoint[]) {
  const [xAxis, seriesAxis] = spec.axes;
  const placed = points.map((p) => {
    const values = cellValues(spec, p.cell) as Record<string, number | string>;
    return {
      ...p,
      x: values[xAxis!.knob]!,
      series: seriesAxis ? String(values[seriesAxis.knob]) : "class",
    };
  });
  const groups = new Map<string, typeof placed>();
  for (const p of placed) {
    const key = JSON.stringify([p.series, p.x]);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const summary: SweepSummaryPoint[] = [...groups.values()].map((g) => {
    const values = g.map((p) => p.value);
    return {
      series: g[0]!.series,
      x: g[0]!.x,
      mean: values.reduce((a, b) => a + b, 0) / values.length,
      min: Math.min(...values),
      max: Math.max(...values),
      n: values.length,
    };
  });
  const order = (x: number | string) => (xAxis!.values as readonly (number | string)[]).indexOf(x);
  summary.sort((a, b) => a.series.localeCompare(b.series) || order(a.x) - order(b.x));
  return { runs: placed, summary };
}

/**
 * Published results a sweep can be drawn beside, as a value of the plot's metric per x and series.
 * Only results the papers state as numbers are here (science.md, result 5): the per-layer factor of
 * ||dL/dW|| at initialization of a ReLU + He network, with and without BN. The papers give no
 * accuracy curve on this app's datasets, and Xavier's level weight gradients (Glorot & Bengio
 * eq. 14) hold only near the linear regime, so neither is drawn as a number.
 */
export const REFERENCES: Record<
  SweepReference,
  {
    citation: string;
    /** The source of each line, short, for the figure's legend: without BN, and with it. */
    sources: { off: string; on: string };
    metric: SweepMetric;
    /** The published value for a series (the second knob's value, or "class"), or null. */
    value: (series: string) => number | null;
    /**
     * A limit for deep networks: the line is drawn from this depth on, where the engine's points
     * sit within 5% of it (tests/unit/challenges/sweep-science.test.ts), and `caveat` says why.
     */
    fromDepth: number;
    caveat: string;
  }
> = {
  // Yang et al. 2019, Thm 3.10: with BN the squared gradient norm grows by pi/(pi-1) per layer;
  // without it He init keeps the scale (He et al. 2015, sec. 2.2).
  "yang-bn": {
    citation: "Yang et al. 2019 (ReLU + He, BN): about 1.21x per layer; He et al. 2015 (no BN): 1x",
    sources: { off: "He et al. 2015: 1x", on: "Yang et al. 2019: 1.21x" },
    metric: "factor",
    value: (series) => (series === "off" ? 1 : Math.sqrt(Math.PI / (Math.PI - 1))),
    fromDepth: 10,
    caveat:
      "a limit for wide, deep networks, drawn from depth 10; shallower BN networks read a little above it (too few layers to reach it)",
  },
};
