import { describe, expect, it } from "vitest";
import { describeFlow, inputLayerNote, times } from "../../../lib/nn/summary";

const profile = (weights: number[], stds: number[] = weights.map(() => 1)) =>
  weights.map((w, i) => ({ weightGradNorm: w, activationGradNorm: w, activationStd: stds[i]! }));

describe("describeFlow", () => {
  it.each<[string, ReturnType<typeof profile>, string, RegExp]>([
    [
      "level",
      profile([1, 1, 1, 1]),
      "healthy",
      /Gradients flow: layer 2 gets 1x layer 4's gradient \(1\.00x per layer\)/,
    ],
    [
      "level above a small input layer (2-D input)",
      profile([0.18, 1, 1, 1]),
      "healthy",
      /layer 2 gets 1x layer 4's/,
    ],
    [
      "vanishing toward the input",
      profile([1e-6, 1e-4, 1e-2, 1]),
      "vanishing",
      /Gradients vanish toward the input: layer 2 gets 1e-4 times layer 4's gradient \(0\.01x per layer\)/,
    ],
    [
      "exploding toward the input",
      profile([100, 40, 6, 1]),
      "exploding",
      /layer 2 gets 40x layer 4's gradient \(6\.32x per layer\)/,
    ],
    ["overflow", profile([1, Infinity, 1]), "exploding", /overflow/],
    ["no gradient at the top", profile([1, 1, 0]), "exploding", /Layer 3 gets no gradient/],
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
    [
      "a signal underflowed to 0",
      profile([1e-56, 1e-56, 0], [1e-3, 1e-40, 0]),
      "vanishing",
      /signal dies on its way up/,
    ],
    ["two layers", profile([0.1, 1]), "healthy", /no depth/],
  ])("%s", (_name, layers, verdict, text) => {
    const d = describeFlow(layers);
    expect(d.verdict).toBe(verdict);
    expect(d.text).toMatch(text);
  });

  it("names batch norm's growth where it stays within the line", () => {
    const d = describeFlow(profile([0.2, 1.2 ** 3, 1.2 ** 2, 1.2, 1]), {
      activation: "relu",
      init: "he-normal",
      batchNorm: "before",
      sigma: 1,
    });
    expect(d.verdict).toBe("healthy");
    expect(d.text).toMatch(/1\.20x per layer/);
    expect(d.text).toMatch(/Batch norm makes them grow toward the input/);
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
      profile([400, 100, 10, 1]),
      net({ batchNorm: "before" }),
      "yang-bn",
    ],
    [
      "exploding tanh at large sigma (the chaotic phase)",
      profile([400, 100, 10, 1]),
      net({ activation: "tanh", init: "normal", sigma: 3 }),
      "schoenholz-chaos",
    ],
    [
      "exploding ReLU from a naive init",
      profile([400, 100, 10, 1]),
      net({ init: "normal", sigma: 1 }),
      "he-init",
    ],
  ])("%s", (_name, layers, context, idea) => {
    expect(describeFlow(layers, context).idea).toBe(idea);
  });
});

describe("words for ratios and the input layer", () => {
  it.each<[number, string]>([
    [40.4, "40x"],
    [1.234, "1.2x"],
    [0.25, "0.25x"],
    [3.1e-12, "3e-12 times"],
    [2.5e6, "3e+6 times"],
    [0, "0 times"],
  ])("%s reads %s", (x, words) => expect(times(x)).toBe(words));

  it("says why layer 1 is not read", () => {
    expect(inputLayerNote(2, 64)).toMatch(/2 input features.*about 0\.18x.*starts at layer 2/);
    expect(inputLayerNote(196, 64)).toMatch(/depends on the input/);
  });
});
