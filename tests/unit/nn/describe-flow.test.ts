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
      "an all-zero (dead) network",
      profile([0, 0, 0]),
      "vanishing",
      /No gradient reaches any layer/,
    ],
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
    expect(d.text).not.toMatch(/layers 1 to 0/);
  });
});

describe("the result a verdict links", () => {
  const net = (patch: Partial<Parameters<typeof describeFlow>[1] & object>) => ({
    activation: "relu" as const,
    init: "he-normal" as const,
    batchNorm: "off" as const,
    sigma: 1,
    ...patch,
  });
  it.each<[string, ReturnType<typeof profile>, Parameters<typeof describeFlow>[1], string]>([
    [
      "a healthy ReLU + He run: He et al., not Ioffe & Szegedy",
      profile([1, 1, 1]),
      net({}),
      "he-init",
    ],
    [
      "a healthy tanh + Xavier run",
      profile([1, 1, 1]),
      net({ activation: "tanh", init: "glorot-uniform" }),
      "glorot-bengio",
    ],
    [
      "a healthy run with batch norm",
      profile([1, 1, 1]),
      net({ batchNorm: "before" }),
      "ioffe-szegedy",
    ],
    [
      "a healthy SELU run",
      profile([1, 1, 1]),
      net({ activation: "selu", init: "lecun-normal" }),
      "klambauer-selu",
    ],
    [
      "vanishing sigmoid",
      profile([1e-4, 1e-2, 1]),
      net({ activation: "sigmoid", init: "glorot-uniform" }),
      "glorot-bengio",
    ],
    [
      "ReLU + Xavier losing its signal",
      profile([1, 1, 1], [1, 0.01, 0.0001]),
      net({ init: "glorot-uniform" }),
      "he-init",
    ],
    [
      "exploding with batch norm (Yang et al.)",
      profile([40, 10, 3, 1]),
      net({ batchNorm: "before" }),
      "yang-bn",
    ],
    [
      "exploding tanh at large sigma (the chaotic phase)",
      profile([40, 10, 3, 1]),
      net({ activation: "tanh", init: "normal", sigma: 3 }),
      "schoenholz-chaos",
    ],
    [
      "exploding ReLU from a naive init",
      profile([40, 10, 3, 1]),
      net({ init: "normal", sigma: 1 }),
      "he-init",
    ],
  ])("%s", (_name, layers, context, idea) => {
    expect(describeFlow(layers, context).idea).toBe(idea);
  });
});
