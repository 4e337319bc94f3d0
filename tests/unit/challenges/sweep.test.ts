import { describe, expect, it } from "vitest";
import { challengeSpecSchema } from "../../../lib/challenges/spec";
import {
  cellCount,
  cellOf,
  cellValues,
  nextSlot,
  REFERENCES,
  slotConfig,
  slotKey,
  slotOrder,
  sweepSeries,
  sweepSpecSchema,
  type SweepSpec,
} from "../../../lib/challenges/sweep";
import { DEFAULT_CONFIG } from "../../../lib/nn/config";

const depths = Array.from({ length: 10 }, (_, i) => 2 + 5 * i);
const GRID: SweepSpec = sweepSpecSchema.parse({
  axes: [
    { knob: "depth", values: depths },
    { knob: "batchNorm", values: ["off", "before"] },
  ],
  seeds: 3,
});

describe("the grid", () => {
  it("has a cell per combination, row-major over the axes, and seeds 1..n", () => {
    expect(cellCount(GRID)).toBe(20);
    expect(cellValues(GRID, 0)).toEqual({ depth: 2, batchNorm: "off" });
    expect(cellValues(GRID, 1)).toEqual({ depth: 2, batchNorm: "before" });
    expect(cellValues(GRID, 19)).toEqual({ depth: 47, batchNorm: "before" });
    expect(slotConfig(GRID, { cell: 3, seed: 2 })).toEqual({
      depth: 7,
      batchNorm: "before",
      seed: 3,
    });
  });

  it("finds the cell of a config, and none off the grid", () => {
    for (let cell = 0; cell < 20; cell++)
      expect(cellOf(GRID, { ...DEFAULT_CONFIG, ...cellValues(GRID, cell) })).toBe(cell);
    expect(cellOf(GRID, { ...DEFAULT_CONFIG, depth: 3 })).toBeNull();
  });

  it("hands out every cell's first seed before any second, each slot once", () => {
    const order = slotOrder(GRID);
    expect(order).toHaveLength(60);
    expect(new Set(order.map(slotKey)).size).toBe(60);
    expect(order.slice(0, 20).every((s) => s.seed === 0)).toBe(true);
    const taken = new Set(order.slice(0, 25).map(slotKey));
    expect(nextSlot(GRID, taken)).toEqual({ cell: 5, seed: 1 });
    // A slot given back is the first handed out again.
    taken.delete(slotKey({ cell: 2, seed: 0 }));
    expect(nextSlot(GRID, taken)).toEqual({ cell: 2, seed: 0 });
    expect(nextSlot(GRID, new Set(order.map(slotKey)))).toBeNull();
  });
});

describe("the sweep's schema", () => {
  it.each([
    { axes: [], why: "no knob" },
    { axes: [{ knob: "depth", values: [2, 2] }], why: "a repeated value" },
    {
      axes: [
        { knob: "depth", values: [2] },
        { knob: "depth", values: [3] },
      ],
      why: "one knob twice",
    },
    { axes: [{ knob: "depth", values: [51] }], why: "a depth over the engine's limit" },
    { axes: [{ knob: "seed", values: [1] }], why: "a knob that cannot be swept" },
  ])("refuses $why", ({ axes }) => {
    expect(sweepSpecSchema.safeParse({ axes, seeds: 1 }).success).toBe(false);
  });

  const spec = (patch: object) => ({
    dataset: "spiral",
    objective: { kind: "accuracy" },
    prompt: "Sweep.",
    sweep: { axes: [{ knob: "depth", values: [2, 10] }], seeds: 2 },
    ...patch,
  });

  it("refuses a challenge that locks, bounds or disallows what it sweeps", () => {
    expect(challengeSpecSchema.safeParse(spec({})).success).toBe(true);
    expect(challengeSpecSchema.safeParse(spec({ locked: { depth: 2 } })).success).toBe(false);
    expect(challengeSpecSchema.safeParse(spec({ locked: { seed: 2 } })).success).toBe(false);
    expect(
      challengeSpecSchema.safeParse(spec({ ranges: { depth: { min: 1, max: 5 } } })).success,
    ).toBe(false);
  });
});

describe("the class plot's series", () => {
  it("places each run on its knob values and summarises the seeds per setting", () => {
    const points = [
      { cell: 0, seed: 0, value: 0.9 },
      { cell: 0, seed: 1, value: 0.8 },
      { cell: 1, seed: 0, value: 0.95 },
      { cell: 18, seed: 0, value: 0.33 },
    ];
    const { runs, summary } = sweepSeries(GRID, points);
    expect(runs[3]).toMatchObject({ x: 47, series: "off", value: 0.33 });
    expect(summary).toEqual([
      { series: "before", x: 2, mean: 0.95, min: 0.95, max: 0.95, n: 1 },
      { series: "off", x: 2, mean: expect.closeTo(0.85, 9), min: 0.8, max: 0.9, n: 2 },
      { series: "off", x: 47, mean: 0.33, min: 0.33, max: 0.33, n: 1 },
    ]);
  });
});

describe("published references", () => {
  it("draws Yang et al.'s BN factor (about 1.21) and He et al.'s level factor", () => {
    expect(REFERENCES["yang-bn"].value("before")).toBeCloseTo(1.21, 2);
    expect(REFERENCES["yang-bn"].value("off")).toBe(1);
  });
});
