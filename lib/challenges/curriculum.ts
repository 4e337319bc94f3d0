/**
 * The built-in curriculum: one challenge template per published result in science.md. A teacher
 * posts a template as is or edits it into a custom challenge.
 */
import { challengeSpecSchema, type ChallengeSpec, type ChallengeSpecInput } from "./spec";

export interface ChallengeTemplate {
  key: string;
  title: string;
  /** The result the challenge rests on. */
  source: string;
  spec: ChallengeSpec;
}

const template = (
  key: string,
  title: string,
  source: string,
  spec: ChallengeSpecInput,
): ChallengeTemplate => ({
  key,
  title,
  source,
  spec: challengeSpecSchema.parse(spec),
});

export const CURRICULUM: readonly ChallengeTemplate[] = [
  template("vanishing-sigmoid", "Make a deep sigmoid network learn", "Glorot & Bengio 2010", {
    dataset: "spiral",
    locked: { activation: "sigmoid", batchNorm: "off" },
    ranges: { depth: { min: 10, max: 20 }, steps: { min: 1, max: 2000 } },
    objective: { kind: "accuracy" },
    prompt:
      "Your network must have at least 10 sigmoid layers and no batch normalization. Pick the initialization, width and optimizer that still get the spiral right. Watch the gradient heatmap: where does the signal die?",
    teacherNote:
      "Sigmoid's derivative is at most 1/4, so each layer scales the back-propagated gradient by about 1/4 with Xavier init: over 20 layers the first layer's gradient is about 12 orders of magnitude below the last one's (the probe shows ~1e-12). Expect most runs near chance (33%); the best use Adam, few layers and Xavier init. Discuss why the top layer saturates toward 0 (Glorot & Bengio, Fig. 2).",
  }),
  template(
    "bn-rescue",
    "Rescue a deep sigmoid network with batch normalization",
    "Ioffe & Szegedy 2015",
    {
      dataset: "spiral",
      locked: { activation: "sigmoid", depth: 20, width: 32, init: "normal", sigma: 1 },
      allowed: { batchNorm: ["off", "before", "after"] },
      objective: { kind: "accuracy" },
      prompt:
        "A 20-layer sigmoid network with naive N(0, 1) weights. You may not change the layers or the initialization, only batch normalization and the optimizer. Get it to learn.",
      teacherNote:
        "Without BN the sigmoids saturate and nothing trains (chance, 33%). BN before the nonlinearity keeps each sigmoid's input at zero mean and unit variance: the same network reaches ~90% with plain SGD (lr 0.5, 600 steps). Compare the pre-activation statistics over time across runs (Ioffe & Szegedy, Fig. 1). Santurkar et al. 2018 argue the real reason is a smoother loss landscape, not 'internal covariate shift'.",
    },
  ),
  template("exploding-init", "Tame an exploding initialization", "He et al. 2015", {
    dataset: "spiral",
    locked: { activation: "relu", init: "normal", depth: 20, width: 64, batchNorm: "off" },
    objective: { kind: "gradient-health" },
    prompt:
      "A 20 x 64 ReLU network drawn from N(0, sigma^2). Choose sigma so that the signal and the gradients keep their size from the first layer to the last. The server measures the gradient flow of your network at initialization.",
    teacherNote:
      "With sigma = 1 each ReLU layer multiplies the signal by about sqrt(64/2) ~ 5.7: the probe reports signal growth of ~1e14. The level point is sigma = sqrt(2/64) ~ 0.18, He initialization; sigma = sqrt(1/64) (Xavier) loses 1/sqrt(2) per layer. Ranking: decades away from level, summed for gradient and signal (0 is perfect).",
  }),
  template("he-vs-xavier", "He or Xavier for a 30-layer ReLU network", "He et al. 2015", {
    dataset: "spiral",
    locked: { activation: "relu", depth: 30, width: 32, batchNorm: "off" },
    allowed: {
      init: ["glorot-uniform", "glorot-normal", "he-normal", "he-uniform", "lecun-normal"],
    },
    objective: { kind: "accuracy" },
    prompt: "30 ReLU layers, no batch normalization. Which initialization lets it learn at all?",
    teacherNote:
      "He et al.'s Fig. 3: the 30-layer ReLU network with Xavier init 'completely stalls' while He init trains. Here Xavier runs stay at ln(3) loss and 33% accuracy; He runs reach 80-90% with momentum (lr 0.01, 600 steps) for most seeds. Pool the class's runs by initializer to reproduce the figure.",
  }),
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
        "Batch normalization before every ReLU, at least 10 layers. Textbooks say BN keeps gradients from growing too large. Find the network whose gradients at initialization are closest to level, and look at what the first layer gets.",
      teacherNote:
        "Yang et al. (ICLR 2019, Thm 3.10): without skip connections, BN makes the gradient grow by about sqrt(pi/(pi-1)) ~ 1.21 per layer toward the input at initialization (the probe: 1.20 at depth 20, 33x). Nobody can make it level; the best runs are the shallowest. After the first optimisation steps it settles (watch the heatmap). The textbook claim is the correction students discover.",
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
        "A race over learning rate, batch size and optimizer. Healthy runs keep the update-to-weight ratio near 1e-3 per step (CS231n); far above it ReLUs die (the dead fraction rises) or the run diverges. Ranking: fewest steps among runs verified at 90% or more, earlier submission first on ties.",
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
      objective: { kind: "accuracy" },
      predict: true,
      prompt:
        "Before you train: sketch how large you expect each layer's weight gradient to be at the start, relative to the last layer, say whether the gradient vanishes, stays healthy or explodes, and guess the accuracy. Then train and see how close you were.",
      teacherNote:
        "Predict-observe-explain. Most students draw a level or gently falling line; sigmoid's derivative (at most 1/4) makes the measured profile fall by orders of magnitude toward the input. Show the class's median sketch before the reveal, then reveal the measured profiles over it and ask who was surprised, and why. Then let them try BN before the sigmoid.",
    },
  ),
  template(
    "sweep-depth-bn",
    "The class reproduces it: depth x batch norm",
    "Ioffe & Szegedy 2015",
    {
      dataset: "spiral",
      locked: { activation: "sigmoid", width: 16, init: "glorot-uniform", steps: 300 },
      // A small class runs several cells each.
      limits: { maxSubmissions: 60 },
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
        "10 depths x BN off/before x 3 seeds = 60 runs. Ioffe & Szegedy (sec. 4.1) predict the shape: without BN the deep sigmoid networks fall toward chance (33%) as depth grows, with BN before the sigmoid they keep learning deeper. The class's figure shows whether and where that holds on the spiral at these settings, with the seed spread one run alone cannot show. Export the figure for the next class.",
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
        "Each of you runs one depth, with or without batch norm. The server measures how much the gradient grows per layer at initialization; the class plot puts every run beside the published value.",
      teacherNote:
        "He init without BN keeps the weight gradient level (factor ~1, He et al. 2015); with BN before each ReLU it grows by about sqrt(pi/(pi-1)) ~ 1.21 per layer toward the input, whatever the depth (Yang et al. 2019, Thm 3.10). The class's points should sit on the two published lines.",
    },
  ),
];

export function findTemplate(key: string): ChallengeTemplate | undefined {
  return CURRICULUM.find((t) => t.key === key);
}
