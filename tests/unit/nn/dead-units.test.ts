/**
 * "dead" means no gradient at all (ReLU units negative on the whole batch); leaky ReLU, ELU and
 * SELU units never die that way, and ELU/SELU units deep in their negative tail count as saturated.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type Activation } from "../../../lib/nn/config";
import { gaussianProbeBatch, probeGradientFlow } from "../../../lib/nn/probe";

const probe = (activation: Activation) =>
  probeGradientFlow(
    { ...DEFAULT_CONFIG, depth: 10, width: 32, activation, init: "normal", sigma: 1 },
    gaussianProbeBatch(0, 8, 64, 10),
  );
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("dead and saturated units, per activation", () => {
  it("reads ReLU units dead when they are negative on every example", async () => {
    const { layers } = await probe("relu");
    expect(mean(layers.map((l) => l.dead))).toBeGreaterThan(0.1);
    expect(layers.every((l) => l.saturated === 0)).toBe(true);
  });

  it.each<Activation>(["leaky-relu", "elu", "selu"])(
    "never reads %s units dead (they still pass gradient)",
    async (activation) => {
      const { layers } = await probe(activation);
      expect(layers.every((l) => l.dead === 0)).toBe(true);
    },
  );

  it.each<Activation>(["elu", "selu"])(
    "reads %s units in the flat negative tail as saturated",
    async (activation) => {
      const { layers } = await probe(activation);
      expect(mean(layers.map((l) => l.saturated))).toBeGreaterThan(0.1);
    },
  );
});
