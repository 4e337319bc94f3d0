/**
 * Gradient-flow summaries and the health verdict (science.md, "Gradient-flow probe").
 *
 * What is measured: how the hidden-to-hidden layers 2..L carry the gradient down and the signal up,
 * L the last hidden layer. Layer 1 is shown everywhere but not judged: its kernel takes the input's
 * features, so ||dL/dW_1|| = ||x^T dL/dz_1|| scales with the input's dimension and size, not with
 * depth. On the curriculum's 2-D datasets it is about sqrt(2 / width) (0.18 at width 64) of a
 * hidden layer's while dL/dz stays level; on a 64-D Gaussian probe it is not. Glorot & Bengio
 * (2010, Figs. 6-7), He et al. (2015, sec. 2.2) and Yang et al. (2019, Thm 3.10) all analyse the
 * hidden layers' recursion, which is what 2..L measures whatever the input.
 *
 * Over the probed seeds, as geometric means:
 *   gradRatio           r = ||dL/dW_2|| / ||dL/dW_L||, and perLayerFactor f = r^(1/(L-2)): the
 *                       average growth per layer toward the input (null below 3 hidden layers);
 *   inputLayerRatio     ||dL/dW_1|| / ||dL/dW_L||, reported, never judged;
 *   activationGradRatio ||dL/dz_1|| / ||dL/dz_L||, the back-propagated gradient;
 *   signalRatio         std(g(z_L)) / std(g(z_1)), the forward signal through layers 2..L.
 * All three span the same weights, W_2..W_L.
 *
 * The verdict reads the backward pass first, then the forward signal:
 *   1. any non-finite norm or statistic (overflow)                          -> "exploding";
 *   2. no gradient anywhere, or a forward signal that underflowed to 0       -> "vanishing";
 *   3. r outside [1/B, B], B = max(10, 1.13^(L-2)) (`flowBand`)             -> "vanishing"/"exploding";
 *   4. signalRatio outside [1/S, S], S = max(100, 1.13^(L-1)) (`signalBand`): the signal dies or
 *      blows up on its way up                                              -> "vanishing"/"exploding";
 *   5. otherwise "healthy".
 * Rule 3's band: a network reads vanishing or exploding when layer 2's gradient is over 10x off
 * layer L's AND it changes by more than 13% per layer on average. A level network's ratio wanders
 * from seed to seed like a random walk (its log spreads as sqrt(L - 2): with ReLU + He at width 64
 * from 1/6 to 5.5 at depth 20 and up to 26 at depth 50, over 16 seeds of every curriculum dataset),
 * while a real trend compounds: sigmoid + Xavier 0.23 per layer (Glorot & Bengio), ReLU + He + BN
 * 1.21 (Yang et al.), which passes 10x from 14 hidden-to-hidden layers on (depth 15 and deeper; a
 * shallower BN network reads healthy, and its growth per layer is said in words). Rule 4 matters
 * where weight gradients stay level while everything shrinks or grows together: ReLU with Xavier
 * init (He et al.: signal x 2^-1/2 per layer) or naive N(0, sigma^2) init.
 */
import type { NetworkConfig } from "./config";
import type { LayerStats } from "./telemetry";

/** Below this ratio (and past the per-layer band) the gradient vanishes toward the input. */
export const VANISHING_RATIO = 0.1;
/** Above this ratio (and past the per-layer band) it explodes toward the input. */
export const EXPLODING_RATIO = 10;
/** A trend, not chance: the average change per layer a verdict needs beyond the 10x line. */
export const PER_LAYER_BAND = 1.13;
export const VANISHING_SIGNAL = 0.01;
export const EXPLODING_SIGNAL = 100;
/** Rows of the probe batch the server (and the lab, for the same reading) measures at init. */
export const PROBE_BATCH = 128;
/** The first layer the measure reads (1-based): the first hidden-to-hidden layer. */
export const FLOW_FROM_LAYER = 2;

export type Verdict = "vanishing" | "exploding" | "healthy";

export interface GradientSummary {
  /**
   * ||dL/dW_2|| / ||dL/dW_L|| (1 below 3 hidden layers: nothing to compare). null when a norm
   * overflowed, or when layer L's gradient is 0 while layer 2's is not.
   */
  gradRatio: number | null;
  /** gradRatio^(1/(L-2)); null below 3 hidden layers or when gradRatio is null. */
  perLayerFactor: number | null;
  /** ||dL/dW_1|| / ||dL/dW_L||: the input layer's, which depends on the input's dimension. */
  inputLayerRatio: number | null;
  activationGradRatio: number | null;
  signalRatio: number | null;
  verdict: Verdict;
}

type ProbeLayers = readonly Pick<
  LayerStats,
  "weightGradNorm" | "activationGradNorm" | "activationStd"
>[];

/** The layers the measure spans, as 0-based indices: layer 2 (or 1 in a 1-layer network) to L. */
export function flowSpan(depth: number): { from: number; to: number; layers: number } {
  const from = Math.min(FLOW_FROM_LAYER - 1, depth - 1);
  return { from, to: depth - 1, layers: depth - 1 - from };
}

/**
 * The per-layer factor of a ratio measured from layer `from` (1-based) to the last of `depth`
 * hidden layers: r^(1/(depth - from)); null when undefined or when the span is empty.
 */
export function factorFromRatio(
  gradRatio: number | null,
  depth: number,
  from: number = FLOW_FROM_LAYER,
): number | null {
  const span = depth - from;
  if (gradRatio === null || !Number.isFinite(gradRatio) || span < 1) return null;
  return gradRatio === 0 ? 0 : gradRatio ** (1 / span);
}

/**
 * How far from 1 the ratio r may be and still read healthy, over `span` hidden-to-hidden layers:
 * 10x, or 1.13x per layer where that is more (past 18 layers).
 */
export function flowBand(span: number): number {
  return Math.max(EXPLODING_RATIO, PER_LAYER_BAND ** span);
}

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

/**
 * How far from 1 the forward signal's ratio may be over `span` hidden-to-hidden layers (the
 * signal from layer 1 to L passes L - 1 of them): 100x, or 1.13x per layer where that is more.
 * The signal wanders from seed to seed as the gradient does (ReLU + He at width 32, depth 50: down
 * to 1/160 over 16 seeds), while ReLU with Xavier init loses 1/sqrt(2) per layer.
 */
export function signalBand(span: number): number {
  return Math.max(EXPLODING_SIGNAL, PER_LAYER_BAND ** (span + 1));
}

/** The verdict of a finite ratio r over `span` hidden-to-hidden layers and a signal ratio. */
export function verdictFor(gradRatio: number, signalRatio: number | null, span: number): Verdict {
  const band = flowBand(span);
  if (gradRatio < 1 / band) return "vanishing";
  if (gradRatio > band) return "exploding";
  const signal = signalBand(span);
  if (signalRatio !== null && signalRatio < 1 / signal) return "vanishing";
  if (signalRatio !== null && signalRatio > signal) return "exploding";
  return "healthy";
}

const finiteLayer = (l: ProbeLayers[number]) =>
  Number.isFinite(l.weightGradNorm) &&
  Number.isFinite(l.activationGradNorm) &&
  Number.isFinite(l.activationStd);

/** Summarises one or more probes of the same architecture (one per seed). */
export function summarizeGradientFlow(runs: readonly { layers: ProbeLayers }[]): GradientSummary {
  const all = runs.map((r) => r.layers);
  const depth = all[0]?.length ?? 0;
  if (depth === 0 || all.some((layers) => layers.length !== depth)) {
    throw new Error("every probe run needs the same, non-zero number of layers");
  }
  const span = flowSpan(depth);
  const pair = <K extends keyof ProbeLayers[number]>(
    layers: ProbeLayers,
    key: K,
    from: number,
  ): [number, number] => [layers[from]![key], layers[span.to]![key]];
  const gradRatio = geometricRatio(all, (l) => pair(l, "weightGradNorm", span.from));
  const inputLayerRatio = geometricRatio(all, (l) => pair(l, "weightGradNorm", 0));
  const activationGradRatio = geometricRatio(all, (l) => pair(l, "activationGradNorm", 0));
  const signalRatio = geometricRatio(
    all,
    (l) => pair(l, "activationStd", 0).reverse() as [number, number],
  );
  const overflow = all.some((layers) => !layers.every(finiteLayer));
  const dead = all.some((layers) => layers.every((l) => l.weightGradNorm === 0));
  // The forward signal underflowed to exactly 0 on its way up (N(0, 0.01) over 50 layers):
  // nothing reaches the top layers, whatever the gradients below read.
  const signalDied = signalRatio === 0;
  let verdict: Verdict;
  if (overflow) verdict = "exploding";
  else if (dead || signalDied) verdict = "vanishing";
  else if (gradRatio === null)
    // Layer L's gradient is exactly 0 while layer 2's is not.
    verdict = signalRatio !== null && signalRatio < VANISHING_SIGNAL ? "vanishing" : "exploding";
  else verdict = verdictFor(gradRatio, signalRatio, span.layers);
  const perLayerFactor = factorFromRatio(gradRatio, depth, span.from + 1);
  return {
    gradRatio,
    perLayerFactor,
    inputLayerRatio,
    activationGradRatio,
    signalRatio,
    verdict,
  };
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

/** A ratio in words: "40x", "1.2x", "0.25x", "3e-12 times". */
export function times(x: number): string {
  if (x === 0) return "0 times";
  if (x >= 1e5 || x < 1e-3) return `${x.toExponential(0)} times`;
  if (x >= 10) return `${Math.round(x)}x`;
  return `${Number(x.toPrecision(2))}x`;
}

/** Growth per layer shown with batch norm's trend when it is at least this. */
const NOTABLE_GROWTH = 1.05;

/**
 * Reads a profile (layer 1 first) the way a teacher would, over layers 2..L as the verdict does:
 * how much of layer L's gradient reaches layer 2 and the average change per layer. With the
 * network's config it names the result that explains what it sees (He et al. for ReLU, not Ioffe
 * & Szegedy).
 */
export function describeFlow(layers: ProbeLayers, context?: FlowContext): FlowDescription {
  const s = summarizeGradientFlow([{ layers }]);
  const L = layers.length;
  const per = s.perLayerFactor === null ? "" : ` (${s.perLayerFactor.toFixed(2)}x per layer)`;
  const reaches =
    s.gradRatio === null ? "" : `layer 2 gets ${times(s.gradRatio)} layer ${L}'s gradient`;
  if (layers.every((l) => l.weightGradNorm === 0))
    return {
      verdict: "vanishing",
      text: "No gradient reaches any layer: every unit is dead or saturated, so nothing can learn.",
      idea: ideaFor("vanishing-signal", context),
    };
  if (s.verdict === "vanishing") {
    if (s.signalRatio === 0)
      return {
        verdict: "vanishing",
        text: "The signal dies on its way up: the top layers' activations underflow to 0, so nothing above them can learn.",
        idea: ideaFor("vanishing-signal", context),
      };
    if (s.gradRatio !== null && s.gradRatio < 1 / flowBand(flowSpan(L).layers))
      return {
        verdict: "vanishing",
        text: `Gradients vanish toward the input: ${reaches}${per}.`,
        idea: ideaFor("vanishing-ratio", context),
      };
    return {
      verdict: "vanishing",
      text: `The signal fades on its way up (layer ${L}'s activations spread ${times(s.signalRatio ?? 0)} layer 1's): every layer's gradient is tiny, though they are level.`,
      idea: ideaFor("vanishing-signal", context),
    };
  }
  if (s.verdict === "exploding") {
    if (s.gradRatio === null)
      return {
        verdict: "exploding",
        text: layers.every(finiteLayer)
          ? `Layer ${L} gets no gradient at all while the layers below it do.`
          : "Gradients overflow: the numbers are too large to represent.",
        idea: ideaFor("exploding-ratio", context),
      };
    if (s.gradRatio > flowBand(flowSpan(L).layers))
      return {
        verdict: "exploding",
        text: `Gradients explode toward the input: ${reaches}${per}.`,
        idea: ideaFor("exploding-ratio", context),
      };
    return {
      verdict: "exploding",
      text: "The signal blows up on its way up through the layers.",
      idea: ideaFor("exploding-signal", context),
    };
  }
  const growing =
    context !== undefined &&
    context.batchNorm !== "off" &&
    s.perLayerFactor !== null &&
    s.perLayerFactor >= NOTABLE_GROWTH;
  return {
    verdict: "healthy",
    text:
      L < 3
        ? "Gradients flow: with fewer than 3 layers there is no depth for them to vanish or explode over."
        : `Gradients flow: ${reaches}${per}.${growing ? " Batch norm makes them grow toward the input (Yang et al. 2019); at this depth that stays within 10x." : ""}`,
    idea: ideaFor("healthy", context),
  };
}

/**
 * Why layer 1 is drawn but not read: its kernel takes the input's features, so its weight gradient
 * scales with the input's dimension (fan-in), not with depth.
 */
export function inputLayerNote(inputDim: number, width: number): string {
  const scale = Math.sqrt(inputDim / width);
  return inputDim < width
    ? `Layer 1 takes the ${inputDim} input features, so its weight gradient is smaller than a hidden layer's by its fan-in (about ${scale.toFixed(2)}x), not because anything vanishes: the reading starts at layer 2.`
    : `Layer 1 takes the ${inputDim} input features, so its weight gradient depends on the input, not on depth: the reading starts at layer 2.`;
}

/** Share of the later frames that must read healthy for the flow to count as settled. */
export const SETTLED_SHARE = 0.8;

/**
 * The step from which a run's gradient flow stayed healthy, or null when it never settled: what
 * "expected at init, settled by step N" reports. Each frame is one mini-batch, and a batch-norm
 * network's ratio wanders around the line from batch to batch, so "stayed" means at least
 * SETTLED_SHARE of the frames from that step on are healthy, the last one included.
 */
export function settledStep(
  frames: readonly {
    step: number;
    layers: ProbeLayers;
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
