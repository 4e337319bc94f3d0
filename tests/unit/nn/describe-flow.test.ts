import { describe, expect, it } from "vitest";
import { describeFlow } from "../../../lib/nn/summary";

const profile = (weights: number[], stds: number[] = weights.map(() => 1)) =>
  weights.map((w, i) => ({ weightGradNorm: w, activationGradNorm: w, activationStd: stds[i]! }));

describe("describeFlow", () => {
  it.each<[string, ReturnType<typeof profile>, string, RegExp]>([
    ["level", profile([1, 1, 1, 1]), "healthy", /flow/],
    [
      "vanishing below layer 2",
      profile([1e-4, 1e-2, 0.5, 1]),
      "vanishing",
      /layers 1 to 2 get less than a tenth of layer 4/,
    ],
    ["vanishing below layer 3", profile([1e-6, 1e-4, 0.05, 1]), "vanishing", /layers 1 to 3/],
    [
      "vanishing at layer 1 only",
      profile([0.05, 0.5, 1]),
      "vanishing",
      /layer 1 gets less than a tenth of layer 3/,
    ],
    [
      "exploding toward the input",
      profile([40, 10, 3, 1]),
      "exploding",
      /layer 1 gets 40x layer 4/,
    ],
    ["overflow", profile([Infinity, 1]), "exploding", /overflow/],
    [
      "level gradients, dying signal",
      profile([1, 1, 1], [1, 0.01, 0.0001]),
      "vanishing",
      /signal fades/,
    ],
  ])("%s", (_name, layers, verdict, text) => {
    const d = describeFlow(layers);
    expect(d.verdict).toBe(verdict);
    expect(d.text).toMatch(text);
  });
});
