/**
 * Gradient-flow summaries and the health verdict (science.md, "Gradient-flow probe").
 *
 * Over the hidden layers 1..L, as geometric means over the probed seeds:
 *   gradRatio           r = ||dL/dW_1|| / ||dL/dW_L||, and perLayerFactor r^(1/(L-1));
 *   activationGradRatio ||dL/dz_1|| / ||dL/dz_L||, the back-propagated gradient;
 *   signalRatio         std(g(z_L)) / std(g(z_1)), the forward signal.
 *
 * The verdict reads the backward pass first, then the forward signal:
 *   1. any non-finite norm (overflow)                                      -> "exploding";
 *   2. r < VANISHING_RATIO (0.1): layer 1 learns over 10x slower than L    -> "vanishing";
 *      r > EXPLODING_RATIO (10):  layer 1 gets over 10x larger gradients   -> "exploding";
 *   3. signalRatio < VANISHING_SIGNAL (0.01): the signal dies on its way up -> "vanishing";
 *      signalRatio > EXPLODING_SIGNAL (100): it blows up                     -> "exploding";
 *   4. otherwise "healthy".
 * Step 3 matters where weight gradients stay level while everything shrinks or grows together:
 * 20-layer ReLU with Xavier init (He et al. 2015: signal x 2^-1/2 per layer) or naive N(0, 1) init.
 * With these thresholds the published cases read: sigmoid + Xavier vanishing (r ~ 1e-12 at depth 20),
 * tanh + Xavier and ReLU + He healthy, ReLU + He + BN before the activation exploding (r ~ 32-38 at
 * depth 20, Yang et al. 2019).
 */
import type { NetworkConfig } from "./config";
import type { LayerStats } from "./telemetry";

export const VANISHING_RATIO = 0.1;
export const EXPLODING_RATIO = 10;
export const VANISHING_SIGNAL = 0.01;
export const EXPLODING_SIGNAL = 100;

export type Verdict = "vanishing" | "exploding" | "healthy";

export interface GradientSummary {
  /** null when a norm overflowed, or when the last layer's gradient is exactly 0. */
  gradRatio: number | null;
  perLayerFactor: number | null;
  activationGradRatio: number | null;
  signalRatio: number | null;
  verdict: Verdict;
}

type ProbeLayers = readonly Pick<
  LayerStats,
  "weightGradNorm" | "activationGradNorm" | "activationStd"
>[];

/**
 * Geometric mean of num/den over runs: 0 if a numerator is 0 (a dead network gives 0/0 -> 0), null
 * if any value is non-finite or only a denominator is 0.
 */
function geometricRatio(
  runs: readonly ProbeLayers[],
  pick: (layers: ProbeLayers) => [number, number],
): number | null {
  let sum = 0;
  for (const layers of runs) {
    const [num, den] = pick(layers);
    if (!Number.isFinite(num) || !Number.isFinite(den)) return null;
    if (num === 0) return 0;
    if (den === 0) return null;
    sum += Math.log(num / den);
  }
  return Math.exp(sum / runs.length);
}

export function verdictFor(gradRatio: number, signalRatio: number | null): Verdict {
  if (gradRatio < VANISHING_RATIO) return "vanishing";
  if (gradRatio > EXPLODING_RATIO) return "exploding";
  if (signalRatio !== null && signalRatio < VANISHING_SIGNAL) return "vanishing";
  if (signalRatio !== null && signalRatio > EXPLODING_SIGNAL) return "exploding";
  return "healthy";
}

/** Summarises one or more probes of the same architecture (one per seed). */
export function summarizeGradientFlow(runs: readonly { layers: ProbeLayers }[]): GradientSummary {
  const all = runs.map((r) => r.layers);
  const depth = all[0]?.length ?? 0;
  if (depth === 0 || all.some((layers) => layers.length !== depth)) {
    throw new Error("every probe run needs the same, non-zero number of layers");
  }
  const ends = <K extends keyof ProbeLayers[number]>(layers: ProbeLayers, key: K) =>
    [layers[0]![key], layers[depth - 1]![key]] as [number, number];
  const gradRatio = geometricRatio(all, (l) => ends(l, "weightGradNorm"));
  const activationGradRatio = geometricRatio(all, (l) => ends(l, "activationGradNorm"));
  const signalRatio = geometricRatio(
    all,
    (l) => ends(l, "activationStd").reverse() as [number, number],
  );
  const overflow = all.some((layers) =>
    layers.some(
      (l) => !Number.isFinite(l.weightGradNorm) || !Number.isFinite(l.activationGradNorm),
    ),
  );
  let verdict: Verdict;
  if (overflow) verdict = "exploding";
  else if (gradRatio === null)
    verdict = "exploding"; // the last layer's gradient is exactly 0 while layer 1's is not
  else verdict = verdictFor(gradRatio, signalRatio);
  const perLayerFactor =
    gradRatio === null
      ? null
      : depth > 1
        ? gradRatio === 0
          ? 0
          : gradRatio ** (1 / (depth - 1))
        : 1;
  return { gradRatio, perLayerFactor, activationGradRatio, signalRatio, verdict };
}

/** The published results a verdict can rest on (science.md's sources). */
export const IDEAS = [
  "glorot-bengio",
  "he-init",
  "ioffe-szegedy",
  "yang-bn",
  "klambauer-selu",
  "schoenholz-chaos",
] as const;
export type Idea = (typeof IDEAS)[number];

/** One sentence on a gradient-flow profile, for students, and the idea behind it. */
export interface FlowDescription {
  verdict: Verdict;
  text: string;
  /** The result that explains it, for this network. */
  idea: Idea;
}

/** What the network is, as far as choosing the result behind a verdict goes. */
export type FlowContext = Pick<NetworkConfig, "activation" | "init" | "batchNorm" | "sigma">;

const RELU_FAMILY = new Set(["relu", "leaky-relu", "elu"]);

type FlowKind =
  "healthy" | "vanishing-ratio" | "vanishing-signal" | "exploding-ratio" | "exploding-signal";

/** Without the network's config: the result each kind of profile is best known from. */
const DEFAULT_IDEA: Record<FlowKind, Idea> = {
  healthy: "glorot-bengio",
  "vanishing-ratio": "glorot-bengio",
  "vanishing-signal": "he-init",
  "exploding-ratio": "yang-bn",
  "exploding-signal": "he-init",
};

/** The result a healthy, vanishing or exploding profile of this network rests on. */
function ideaFor(kind: FlowKind, c: FlowContext | undefined): Idea {
  if (!c) return DEFAULT_IDEA[kind];
  const bn = c.batchNorm !== "off";
  const relu = RELU_FAMILY.has(c.activation);
  switch (kind) {
    case "healthy":
      if (bn) return "ioffe-szegedy";
      if (c.activation === "selu") return "klambauer-selu";
      return relu ? "he-init" : "glorot-bengio";
    case "vanishing-ratio":
      return relu ? "he-init" : "glorot-bengio";
    case "vanishing-signal":
      return relu ? "he-init" : "glorot-bengio";
    case "exploding-ratio":
      if (bn) return "yang-bn";
      if (c.activation === "tanh" && (c.init === "normal" || c.init === "uniform") && c.sigma > 1)
        return "schoenholz-chaos";
      return relu ? "he-init" : "glorot-bengio";
    case "exploding-signal":
      return relu ? "he-init" : "glorot-bengio";
  }
}

/**
 * Reads a profile (layer 1 first) the way a teacher would: where the weight gradient has fallen
 * below 1/10 of the last layer's (vanishing), or risen above 10x (exploding); with the network's
 * config, it names the result that explains what it sees (He et al. for ReLU, not Ioffe & Szegedy).
 */
export function describeFlow(
  layers: readonly Pick<LayerStats, "weightGradNorm" | "activationGradNorm" | "activationStd">[],
  context?: FlowContext,
): FlowDescription {
  const summary = summarizeGradientFlow([{ layers }]);
  const top = layers[layers.length - 1]!.weightGradNorm;
  if (layers.every((l) => l.weightGradNorm === 0)) {
    return {
      verdict: "vanishing",
      text: "No gradient reaches any layer: every unit is dead or saturated, so nothing can learn.",
      idea: ideaFor("vanishing-signal", context),
    };
  }
  if (summary.verdict === "vanishing") {
    if (summary.gradRatio !== null && summary.gradRatio < VANISHING_RATIO) {
      // The highest layer whose gradient is below a tenth of the top layer's.
      let below = 0;
      layers.forEach((l, i) => {
        if (l.weightGradNorm < top * VANISHING_RATIO) below = i + 1;
      });
      return {
        verdict: "vanishing",
        text: `Gradients vanish: ${below === 1 ? "layer 1 gets" : `layers 1 to ${below} get`} less than a tenth of layer ${layers.length}'s gradient.`,
        idea: ideaFor("vanishing-ratio", context),
      };
    }
    return {
      verdict: "vanishing",
      text: "The signal fades on its way up: every layer's gradient is tiny, though they are level.",
      idea: ideaFor("vanishing-signal", context),
    };
  }
  if (summary.verdict === "exploding") {
    if (summary.gradRatio === null || summary.gradRatio > EXPLODING_RATIO) {
      return {
        verdict: "exploding",
        text:
          summary.gradRatio === null
            ? "Gradients overflow: the numbers are too large to represent."
            : `Gradients explode toward the input: layer 1 gets ${Math.round(summary.gradRatio)}x layer ${layers.length}'s gradient.`,
        idea: ideaFor("exploding-ratio", context),
      };
    }
    return {
      verdict: "exploding",
      text: "The signal blows up on its way up through the layers.",
      idea: ideaFor("exploding-signal", context),
    };
  }
  return {
    verdict: "healthy",
    text: "Gradients flow: every layer gets a gradient of similar size.",
    idea: ideaFor("healthy", context),
  };
}

/** Share of the later frames that must read healthy for the flow to count as settled. */
export const SETTLED_SHARE = 0.8;

/**
 * The step from which a run's gradient flow stayed healthy, or null when it never settled: what
 * "expected at init, settled by step N" reports. Each frame is one mini-batch, and a batch-norm
 * network's ratio wanders around the threshold (10x) from batch to batch, so "stayed" means at least
 * SETTLED_SHARE of the frames from that step on are healthy, the last one included.
 */
export function settledStep(
  frames: readonly {
    step: number;
    layers: readonly Pick<LayerStats, "weightGradNorm" | "activationGradNorm" | "activationStd">[];
  }[],
): number | null {
  const healthy = frames
    .filter((f) => f.layers.length > 0)
    .map((f) => ({
      step: f.step,
      ok: summarizeGradientFlow([{ layers: f.layers }]).verdict === "healthy",
    }));
  if (!healthy.at(-1)?.ok) return null;
  let okFromHere = 0;
  let settled: number | null = null;
  // From the end backwards: the earliest step whose tail is healthy enough.
  for (let i = healthy.length - 1; i >= 0; i--) {
    okFromHere += healthy[i]!.ok ? 1 : 0;
    if (healthy[i]!.ok && okFromHere / (healthy.length - i) >= SETTLED_SHARE)
      settled = healthy[i]!.step;
  }
  return settled;
}
