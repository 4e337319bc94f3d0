/**
 * The built-in curriculum: one challenge template per published result in science.md. A teacher
 * posts a template as is or edits it into a custom challenge. A template's title, prompt and
 * teacher note are the English catalog's (lib/i18n/messages/en/curriculum.json, one source for the
 * text the server stores and the text the pages translate). Every number a prompt or teacher note
 * states about this app's networks is a fact with the measurement behind it (./facts.ts), named
 * there as an ICU argument {name}, rendered into the text and measured again by
 * tests/unit/challenges/notes.test.ts.
 */
import EN from "../i18n/messages/en/curriculum.json" with { type: "json" };
import { renderFacts, type Fact, type FactMeasure } from "./facts";
import { challengeSpecSchema, type ChallengeSpec, type ChallengeSpecInput } from "./spec";
import type { NetworkConfig } from "../nn/config";

export interface ChallengeTemplate {
  key: string;
  /** English, as the server stores it when the template is posted. */
  title: string;
  /** The result the challenge rests on. */
  source: string;
  /** With its prompt and teacher note in English, facts rendered. */
  spec: ChallengeSpec;
  /** The numbers its prompt and teacher note state, with how each is measured. */
  facts: Readonly<Record<string, Fact>>;
}

/** A template's texts as the catalogs hold them: facts as {name}. */
export interface TemplateText {
  title: string;
  prompt: string;
  teacherNote: string;
}

/** The English texts of every template, by key. */
export const TEMPLATE_TEXT_EN: Readonly<Record<string, TemplateText>> = EN;

const template = (
  key: string,
  source: string,
  spec: Omit<ChallengeSpecInput, "prompt" | "teacherNote">,
  facts: Record<string, Fact> = {},
): ChallengeTemplate => {
  const text = TEMPLATE_TEXT_EN[key];
  if (!text) throw new Error(`no English text for the curriculum template ${key}`);
  return {
    key,
    title: text.title,
    source,
    spec: challengeSpecSchema.parse({
      ...spec,
      prompt: renderFacts(text.prompt, facts),
      teacherNote: renderFacts(text.teacherNote, facts),
    }),
    facts,
  };
};

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
    "Glorot & Bengio 2010",
    {
      dataset: "spiral",
      locked: { activation: "sigmoid", batchNorm: "off" },
      ranges: { depth: { min: 10, max: 20 }, steps: { min: 1, max: 2000 } },
      // Runs near chance with vanishing gradients are what this lesson shows, not a failure.
      expectedFailures: ["stalled", "vanishing"],
      objective: { kind: "accuracy" },
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
    "Ioffe & Szegedy 2015",
    {
      dataset: "spiral",
      locked: { activation: "sigmoid", depth: 20, width: 32, init: "normal", sigma: 1 },
      allowed: { batchNorm: ["off", "before", "after"] },
      // Runs near chance with vanishing gradients are what this lesson shows, not a failure.
      expectedFailures: ["stalled", "vanishing"],
      objective: { kind: "accuracy" },
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
    "He et al. 2015",
    {
      dataset: "spiral",
      locked: { activation: "relu", init: "normal", depth: 20, width: 64, batchNorm: "off" },
      // Exploding and vanishing starts are how students find the level sigma.
      expectedFailures: ["exploding", "vanishing"],
      objective: { kind: "gradient-health" },
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
    },
    {
      xavier: trained(33, { ...HE_VS_XAVIER, init: "glorot-uniform" }),
      he: trained(88, { ...HE_VS_XAVIER, init: "he-normal" }),
    },
  ),
  template(
    "bn-explodes",
    "Yang et al. 2019",
    {
      dataset: "spiral",
      locked: { activation: "relu", init: "he-normal", batchNorm: "before" },
      ranges: { depth: { min: 10, max: 50 } },
      objective: { kind: "gradient-health" },
    },
    {
      factor20: probe(1.23, "fixed2", { ...RELU_HE_BN, depth: 20 }, "perLayerFactor"),
      ratio10: probe(5, "round", { ...RELU_HE_BN, depth: 10 }, "gradRatio"),
      ratio20: probe(43, "round", { ...RELU_HE_BN, depth: 20 }, "gradRatio"),
      ratio50: probe(1.6e4, "sci", { ...RELU_HE_BN, depth: 50 }, "gradRatio"),
    },
  ),
  template("fewest-steps", "CS231n, Neural Networks Part 3", {
    dataset: "spiral",
    ranges: { depth: { min: 2, max: 20 }, steps: { min: 10, max: 3000 } },
    objective: { kind: "steps-to-target", target: 0.9 },
  }),
  template(
    "predict-sigmoid",
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
    },
    {
      ratio: probe(4.3e-7, "sci", { ...SIGMOID_XAVIER_20, depth: 12 }, "gradRatio"),
    },
  ),
  template(
    "sweep-depth-bn",
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

/**
 * The template a challenge was posted from, when its title, prompt and teacher note (where the
 * view has one) are still the template's English word for word; a custom or edited challenge has
 * none, and shows its text as written.
 */
export function postedAsIs(challenge: {
  templateKey: string | null;
  title: string;
  spec: { prompt: string; teacherNote?: string };
}): ChallengeTemplate | undefined {
  const template = challenge.templateKey === null ? undefined : findTemplate(challenge.templateKey);
  if (
    !template ||
    challenge.title !== template.title ||
    challenge.spec.prompt !== template.spec.prompt ||
    (challenge.spec.teacherNote !== undefined &&
      challenge.spec.teacherNote !== template.spec.teacherNote)
  )
    return undefined;
  return template;
}
