/**
 * The built-in curriculum: one challenge template per published result in science.md. A teacher
 * posts a template as is or edits it into a custom challenge. Every number a template's prompt or
 * teacher note states about this app's networks is a fact with the measurement behind it
 * (./facts.ts), rendered into the text and measured again by tests/unit/challenges/notes.test.ts.
 */
import { renderFacts, type Fact, type FactMeasure } from "./facts";
import { challengeSpecSchema, type ChallengeSpec, type ChallengeSpecInput } from "./spec";
import type { NetworkConfig } from "../nn/config";

export interface ChallengeTemplate {
  key: string;
  title: string;
  /** The result the challenge rests on. */
  source: string;
  spec: ChallengeSpec;
  /** The numbers its prompt and teacher note state, with how each is measured. */
  facts: Readonly<Record<string, Fact>>;
}

const template = (
  key: string,
  title: string,
  source: string,
  spec: ChallengeSpecInput,
  facts: Record<string, Fact> = {},
): ChallengeTemplate => ({
  key,
  title,
  source,
  spec: challengeSpecSchema.parse({
    ...spec,
    prompt: renderFacts(spec.prompt, facts),
    teacherNote: renderFacts(spec.teacherNote ?? "", facts),
  }),
  facts,
});

/** Seeds the probe facts are measured over (geometric means). */
const PROBE_SEEDS = 16;
/** Seeds the training facts are measured over (means). */
const TRAIN_SEEDS = [0, 1, 2, 3, 4] as const;
const SPIRAL = { dataset: "spiral" } as const satisfies Partial<NetworkConfig>;

const probe = (
  value: number,
  format: Fact["format"],
  net: Partial<NetworkConfig>,
  quantity: Extract<FactMeasure, { kind: "probe" }>["quantity"],
): Fact => ({
  value,
  format,
  measure: { kind: "probe", net: { ...SPIRAL, ...net }, seeds: PROBE_SEEDS, quantity },
});
const trained = (
  value: number,
  net: Partial<NetworkConfig>,
  seeds: readonly number[] = TRAIN_SEEDS,
): Fact => ({
  value,
  format: "percent",
  measure: { kind: "train", net: { ...SPIRAL, ...net }, seeds },
});
const CHANCE: Fact = {
  value: 100 / 3,
  format: "percent",
  measure: { kind: "chance", dataset: "spiral" },
};

const RELU_HE = { activation: "relu", init: "he-normal", width: 64 } as const;
const BN_RESCUE = {
  activation: "sigmoid",
  depth: 20,
  width: 32,
  init: "normal",
  sigma: 1,
} as const satisfies Partial<NetworkConfig>;
const HE_VS_XAVIER = {
  activation: "relu",
  depth: 30,
  width: 32,
  batchNorm: "off",
  optimizer: "momentum",
  learningRate: 0.01,
  steps: 600,
} as const satisfies Partial<NetworkConfig>;
/** The depth x BN sweep's fixed settings (the student's optimizer starts at Adam, lr 0.01). */
const DEPTH_BN = {
  activation: "sigmoid",
  width: 16,
  init: "glorot-uniform",
  steps: 300,
} as const satisfies Partial<NetworkConfig>;
const RELU_HE_BN = { ...RELU_HE, batchNorm: "before" } as const;
const SIGMOID_XAVIER_20 = {
  activation: "sigmoid",
  init: "glorot-uniform",
  depth: 20,
  width: 32,
  batchNorm: "off",
} as const satisfies Partial<NetworkConfig>;
const NAIVE_RELU = {
  activation: "relu",
  init: "normal",
  depth: 20,
  width: 64,
  batchNorm: "off",
} as const satisfies Partial<NetworkConfig>;
const RESCUE_SGD = {
  optimizer: "sgd",
  learningRate: 0.5,
  steps: 600,
} as const satisfies Partial<NetworkConfig>;
const SWEEP_ADAM = { optimizer: "adam", learningRate: 0.01 } as const;
/** The depth x BN sweep's seeds: a slot's seed index i trains seed i + 1 (./sweep.ts). */
const SWEEP_SEEDS = [1, 2, 3] as const;

export const CURRICULUM: readonly ChallengeTemplate[] = [
  template(
    "vanishing-sigmoid",
    "Make a deep sigmoid network learn",
    "Glorot & Bengio 2010",
    {
      dataset: "spiral",
      locked: { activation: "sigmoid", batchNorm: "off" },
      ranges: { depth: { min: 10, max: 20 }, steps: { min: 1, max: 2000 } },
      // Runs near chance with vanishing gradients are what this lesson shows, not a failure.
      expectedFailures: ["stalled", "vanishing"],
      objective: { kind: "accuracy" },
      prompt:
        "Your network must have at least 10 sigmoid layers and no batch normalization. Pick the initialization, width and optimizer that still get the spiral right. Watch the gradient heatmap: where does the signal die?",
      teacherNote:
        "Sigmoid's derivative is at most 1/4, so with Xavier init each layer passes down about a quarter of the gradient it gets (the probe on the spiral, 32 units: {factor} per layer): in a 20-layer network layer 2's weight gradient is about {ratio20} of layer 20's. Layer 1 takes the 2 input features, so its gradient is smaller again by its fan-in; the app's reading starts at layer 2. Expect most runs at chance ({chance}): 10 layers of 32 with Xavier init and Adam (lr 0.01, 500 steps) stay at {adam10}. What works without BN are weights large enough to offset sigmoid's small slope: N(0, 0.5^2) at depth 10 and width 32 reaches {large10} with Adam (lr 0.01, 1000 steps). Discuss why the top layer saturates toward 0 (Glorot & Bengio, Fig. 2), and what batch norm would change.",
    },
    {
      factor: probe(0.23, "fixed2", SIGMOID_XAVIER_20, "perLayerFactor"),
      ratio20: probe(3.8e-12, "sci", SIGMOID_XAVIER_20, "gradRatio"),
      chance: CHANCE,
      adam10: trained(33, {
        ...SIGMOID_XAVIER_20,
        depth: 10,
        optimizer: "adam",
        learningRate: 0.01,
        steps: 500,
      }),
      large10: trained(96, {
        ...SIGMOID_XAVIER_20,
        depth: 10,
        init: "normal",
        sigma: 0.5,
        optimizer: "adam",
        learningRate: 0.01,
        steps: 1000,
      }),
    },
  ),
  template(
    "bn-rescue",
    "Rescue a deep sigmoid network with batch normalization",
    "Ioffe & Szegedy 2015",
    {
      dataset: "spiral",
      locked: { activation: "sigmoid", depth: 20, width: 32, init: "normal", sigma: 1 },
      allowed: { batchNorm: ["off", "before", "after"] },
      // Runs near chance with vanishing gradients are what this lesson shows, not a failure.
      expectedFailures: ["stalled", "vanishing"],
      objective: { kind: "accuracy" },
      prompt:
        "A 20-layer sigmoid network with naive N(0, 1) weights. You may not change the layers or the initialization, only batch normalization and the optimizer. Get it to learn.",
      teacherNote:
        "Without BN the sigmoids saturate and nothing trains ({off} with plain SGD, lr 0.5, 600 steps: chance). BN before the nonlinearity keeps each sigmoid's input at zero mean and unit variance: the same network reaches {before} with the same SGD (means over seeds 0-4). At initialization BN's gradients grow toward the input ({factor} per layer, about {ratio}x from layer 20 down to layer 2: Yang et al. 2019), near the verdict's 10x line, so some seeds read exploding and some healthy; training settles them. Compare the pre-activation statistics over time across runs (Ioffe & Szegedy, Fig. 1). Santurkar et al. 2018 argue the real reason is a smoother loss landscape, not 'internal covariate shift'.",
    },
    {
      off: trained(33, { ...BN_RESCUE, ...RESCUE_SGD, batchNorm: "off" }),
      before: trained(96, { ...BN_RESCUE, ...RESCUE_SGD, batchNorm: "before" }),
      factor: probe(1.17, "fixed2", { ...BN_RESCUE, batchNorm: "before" }, "perLayerFactor"),
      ratio: probe(17, "round", { ...BN_RESCUE, batchNorm: "before" }, "gradRatio"),
    },
  ),
  template(
    "exploding-init",
    "Tame an exploding initialization",
    "He et al. 2015",
    {
      dataset: "spiral",
      locked: { activation: "relu", init: "normal", depth: 20, width: 64, batchNorm: "off" },
      // Exploding and vanishing starts are how students find the level sigma.
      expectedFailures: ["exploding", "vanishing"],
      objective: { kind: "gradient-health" },
      prompt:
        "A 20 x 64 ReLU network drawn from N(0, sigma^2). Choose sigma so that the signal and the gradients keep their size from the first layer to the last. The server measures the gradient flow of your network at initialization.",
      teacherNote:
        "With sigma = 1 each ReLU layer multiplies the signal by about sqrt(64/2) ~ 5.7 (the probe on the spiral: {naiveFactor} per layer, {naiveSignal}x from layer 1 to layer 20). The level point is sigma = sqrt(2/64) ~ 0.18, He initialization ({heFactor} per layer); sigma = sqrt(1/64) = 0.125 (Xavier) loses 1/sqrt(2) per layer ({xavierFactor}). Ranking: decades away from level, summed for the gradient (layers 2 to 20) and the signal (0 is perfect).",
    },
    {
      naiveFactor: probe(5.53, "fixed2", { ...NAIVE_RELU, sigma: 1 }, "signalFactor"),
      naiveSignal: probe(1.3e14, "sci", { ...NAIVE_RELU, sigma: 1 }, "signalRatio"),
      heFactor: probe(0.98, "fixed2", { ...NAIVE_RELU, sigma: Math.sqrt(2 / 64) }, "signalFactor"),
      xavierFactor: probe(0.69, "fixed2", { ...NAIVE_RELU, sigma: 0.125 }, "signalFactor"),
    },
  ),
  template(
    "he-vs-xavier",
    "He or Xavier for a 30-layer ReLU network",
    "He et al. 2015",
    {
      dataset: "spiral",
      locked: { activation: "relu", depth: 30, width: 32, batchNorm: "off" },
      allowed: {
        init: ["glorot-uniform", "glorot-normal", "he-normal", "he-uniform", "lecun-normal"],
      },
      // Runs near chance with vanishing gradients are what this lesson shows, not a failure.
      expectedFailures: ["stalled", "vanishing"],
      objective: { kind: "accuracy" },
      prompt: "30 ReLU layers, no batch normalization. Which initialization lets it learn at all?",
      teacherNote:
        "He et al.'s Fig. 3: the 30-layer ReLU network with Xavier init 'completely stalls' while He init trains. Here, with momentum (lr 0.01, 600 steps; means over seeds 0-4), Xavier runs stay at {xavier} (chance, loss ln 3) while He runs reach {he}. Pool the class's runs by initializer to reproduce the figure.",
    },
    {
      xavier: trained(33, { ...HE_VS_XAVIER, init: "glorot-uniform" }),
      he: trained(88, { ...HE_VS_XAVIER, init: "he-normal" }),
    },
  ),
  template(
    "bn-explodes",
    "Does batch normalization stop gradients from exploding?",
    "Yang et al. 2019",
    {
      dataset: "spiral",
      locked: { activation: "relu", init: "he-normal", batchNorm: "before" },
      ranges: { depth: { min: 10, max: 50 } },
      objective: { kind: "gradient-health" },
      prompt:
        "Batch normalization before every ReLU, at least 10 layers. Textbooks say BN keeps gradients from growing too large. Find the network whose gradients at initialization are closest to level, and look at what the lower layers get.",
      teacherNote:
        "Yang et al. (ICLR 2019, Thm 3.10): without skip connections, BN makes the weight gradient grow by about sqrt(pi/(pi-1)) ~ 1.21 per layer toward the input at initialization, a limit for wide, deep networks. The probe on the spiral (width 64, 16 seeds) reads {factor20} per layer at depth 20: layer 2 gets {ratio10}x layer 10's gradient at depth 10, {ratio20}x layer 20's at depth 20 and {ratio50}x layer 50's at depth 50. Nobody can make it level: the growth compounds with depth, so the shallowest runs come closest, and the verdict reads exploding once it passes its 10x line. After the first optimisation steps it settles (watch the heatmap). The textbook claim is the correction students discover.",
    },
    {
      factor20: probe(1.23, "fixed2", { ...RELU_HE_BN, depth: 20 }, "perLayerFactor"),
      ratio10: probe(5, "round", { ...RELU_HE_BN, depth: 10 }, "gradRatio"),
      ratio20: probe(43, "round", { ...RELU_HE_BN, depth: 20 }, "gradRatio"),
      ratio50: probe(1.6e4, "sci", { ...RELU_HE_BN, depth: 50 }, "gradRatio"),
    },
  ),
  template(
    "fewest-steps",
    "Reach 90% on the spiral in the fewest steps",
    "CS231n, Neural Networks Part 3",
    {
      dataset: "spiral",
      ranges: { depth: { min: 2, max: 20 }, steps: { min: 10, max: 3000 } },
      objective: { kind: "steps-to-target", target: 0.9 },
      prompt:
        "Any architecture with 2 to 20 layers. Set the number of training steps as low as you dare: your run counts only if its weights reach 90% on the hidden test points.",
      teacherNote:
        "A race over learning rate, batch size and optimizer. Healthy runs keep the update-to-weight ratio near 1e-3 per step (CS231n's rule of thumb); far above it ReLUs die (the dead fraction rises) or the run diverges. Ranking: fewest steps among runs verified at 90% or more, earlier submission first on ties.",
    },
  ),
  template(
    "predict-sigmoid",
    "Predict, then train: a 12-layer sigmoid network",
    "Glorot & Bengio 2010",
    {
      dataset: "spiral",
      locked: { activation: "sigmoid", depth: 12, width: 32, init: "glorot-uniform" },
      allowed: { batchNorm: ["off", "before"] },
      // Runs near chance with vanishing gradients are what this lesson shows, not a failure.
      expectedFailures: ["stalled", "vanishing"],
      objective: { kind: "accuracy" },
      predict: true,
      // Then a network no one trained: BN at initialization (Yang et al. 2019).
      postCheck: { transfer: "relu-he-bn-30" },
      prompt:
        "Before you train: sketch how large you expect the weight gradient of each layer from layer 2 up to be at the start, relative to the last layer, say whether the gradient vanishes, stays healthy or explodes, and guess the accuracy. Then train and see how close you were.",
      teacherNote:
        "Predict-observe-explain. Most students draw a level or gently falling line; sigmoid's derivative (at most 1/4) makes the measured profile fall by orders of magnitude toward the input (the probe on the spiral: layer 2 gets {ratio} of layer 12's gradient). Show the class's median sketch before the reveal, then reveal the measured profiles over it and ask who was surprised, and why. Then let them try BN before the sigmoid.",
    },
    {
      ratio: probe(4.3e-7, "sci", { ...SIGMOID_XAVIER_20, depth: 12 }, "gradRatio"),
    },
  ),
  template(
    "sweep-depth-bn",
    "The class reproduces it: depth x batch norm",
    "Ioffe & Szegedy 2015",
    {
      dataset: "spiral",
      locked: DEPTH_BN,
      // A small class runs several cells each.
      limits: { maxSubmissions: 60 },
      // Runs near chance with vanishing gradients are what this lesson shows, not a failure.
      expectedFailures: ["stalled", "vanishing"],
      objective: { kind: "accuracy" },
      sweep: {
        axes: [
          { knob: "depth", values: [2, 7, 12, 17, 22, 27, 32, 37, 42, 47] },
          { knob: "batchNorm", values: ["off", "before"] },
        ],
        seeds: 3,
        metric: "accuracy",
      },
      prompt:
        "The class is one experiment: you are given one depth, batch norm setting and seed at a time. Train it, submit it, and watch your run join the class's figure. Then you get the next cell.",
      teacherNote:
        "10 depths x BN off/before x 3 seeds = 60 runs. Ioffe & Szegedy (sec. 4.1) predict the shape: without BN deep sigmoid networks fall toward chance as depth grows; with BN before the sigmoid they keep learning deeper. On this grid (Adam, lr 0.01, 300 steps; means over the grid's seeds 1-3) the engine measures, without BN, {off2} at depth 2 and {off12} (chance) from depth 12 on; with BN, {before12} at depth 12 and {before47} at depth 47. The class's figure shows the seed spread one run alone cannot show. Export the figure for the next class.",
    },
    {
      off2: trained(58, { ...DEPTH_BN, ...SWEEP_ADAM, depth: 2, batchNorm: "off" }, SWEEP_SEEDS),
      off12: trained(33, { ...DEPTH_BN, ...SWEEP_ADAM, depth: 12, batchNorm: "off" }, SWEEP_SEEDS),
      before12: trained(
        96,
        { ...DEPTH_BN, ...SWEEP_ADAM, depth: 12, batchNorm: "before" },
        SWEEP_SEEDS,
      ),
      before47: trained(
        91,
        { ...DEPTH_BN, ...SWEEP_ADAM, depth: 47, batchNorm: "before" },
        SWEEP_SEEDS,
      ),
    },
  ),
  template(
    "sweep-bn-factor",
    "The class measures it: BN's per-layer gradient growth",
    "Yang et al. 2019",
    {
      dataset: "spiral",
      locked: { activation: "relu", init: "he-normal", width: 64, steps: 50 },
      // A small class runs several cells each.
      limits: { maxSubmissions: 60 },
      objective: { kind: "gradient-health" },
      sweep: {
        axes: [
          { knob: "depth", values: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50] },
          { knob: "batchNorm", values: ["off", "before"] },
        ],
        seeds: 3,
        metric: "factor",
        reference: "yang-bn",
      },
      prompt:
        "Each of you runs one depth, with or without batch norm. The server measures how much the gradient grows per layer at initialization, from layer 2 up; the class plot puts every run beside the published value.",
      teacherNote:
        "He init without BN keeps the weight gradient level (He et al. 2015; the probe on the spiral: {off20} per layer at depth 20). With BN before each ReLU it grows by about sqrt(pi/(pi-1)) ~ 1.21 per layer toward the input (Yang et al. 2019, Thm 3.10), a limit for wide, deep networks: the probe reads {before10}, {before20} and {before50} at depths 10, 20 and 50, within 5% of it, and {before5} at depth 5, a little above it: three hidden-to-hidden layers are still short of the limit. The class's points should sit on the two published lines from depth 10 on; shallower BN networks may read a little above the line. (Measured from layer 2: layer 1 takes the 2 input features, so its gradient is smaller by its fan-in, not by depth.)",
    },
    {
      off20: probe(1.01, "fixed2", { ...RELU_HE, depth: 20, batchNorm: "off" }, "perLayerFactor"),
      before5: probe(1.26, "fixed2", { ...RELU_HE_BN, depth: 5 }, "perLayerFactor"),
      before10: probe(1.22, "fixed2", { ...RELU_HE_BN, depth: 10 }, "perLayerFactor"),
      before20: probe(1.23, "fixed2", { ...RELU_HE_BN, depth: 20 }, "perLayerFactor"),
      before50: probe(1.22, "fixed2", { ...RELU_HE_BN, depth: 50 }, "perLayerFactor"),
    },
  ),
];

export function findTemplate(key: string): ChallengeTemplate | undefined {
  return CURRICULUM.find((t) => t.key === key);
}
