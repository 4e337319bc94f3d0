import { describe, expect, it } from "vitest";
import {
  challengeSpecSchema,
  checkConstraints,
  configProblems,
  CURRICULUM,
  findTemplate,
  startingConfig,
  type ChallengeSpec,
  type Violation,
} from "../../../lib/challenges";
import { DEFAULT_CONFIG, parseConfig, type NetworkConfig } from "../../../lib/nn/config";
import { DATASETS } from "../../../lib/nn/datasets/index";
import { networkLayout } from "../../../lib/nn/layout";
import { MAX_WEIGHTS_BYTES_PER_RUN, weightsByteLength } from "../../../lib/nn/weights";

describe("curriculum", () => {
  it("has at least six templates with unique keys, each built on a published result", () => {
    expect(CURRICULUM.length).toBeGreaterThanOrEqual(6);
    expect(new Set(CURRICULUM.map((t) => t.key)).size).toBe(CURRICULUM.length);
    for (const t of CURRICULUM) {
      expect(t.source).not.toBe("");
      expect(t.spec.teacherNote.length).toBeGreaterThan(100);
      expect(challengeSpecSchema.parse(t.spec)).toEqual(t.spec);
    }
    for (const key of [
      "vanishing-sigmoid",
      "bn-rescue",
      "exploding-init",
      "he-vs-xavier",
      "bn-explodes",
      "fewest-steps",
    ]) {
      expect(findTemplate(key)?.key).toBe(key);
    }
  });

  it.each(CURRICULUM)("$key: the starting config is a valid config the challenge accepts", (t) => {
    const config = startingConfig(t.spec, DEFAULT_CONFIG);
    expect(parseConfig(config).ok).toBe(true);
    expect(checkConstraints(t.spec, config)).toEqual([]);
  });
});

const spec: ChallengeSpec = challengeSpecSchema.parse({
  dataset: "spiral",
  locked: { activation: "sigmoid", depth: 20 },
  allowed: { batchNorm: ["before", "after"] },
  ranges: { width: { min: 8, max: 64 }, steps: { min: 1, max: 1000 } },
  objective: { kind: "accuracy" },
  prompt: "Go",
});
const ok: NetworkConfig = {
  ...DEFAULT_CONFIG,
  dataset: "spiral",
  activation: "sigmoid",
  depth: 20,
  batchNorm: "before",
  width: 32,
  steps: 500,
};

describe("checkConstraints", () => {
  it.each<[string, Partial<NetworkConfig>, string[]]>([
    ["a config within every constraint", {}, []],
    ["another dataset", { dataset: "digits" }, ["dataset"]],
    ["a locked knob changed", { activation: "relu" }, ["activation"]],
    ["a locked size changed", { depth: 19 }, ["depth"]],
    ["a disallowed choice", { batchNorm: "off" }, ["batchNorm"]],
    ["below a range", { width: 4 }, ["width"]],
    ["above a range", { steps: 1001 }, ["steps"]],
    [
      "several at once",
      { activation: "tanh", width: 128, batchNorm: "off" },
      ["activation", "batchNorm", "width"],
    ],
  ])("%s", (_name, patch, fields) => {
    expect(
      checkConstraints(spec, { ...ok, ...patch })
        .map((v) => v.field)
        .sort(),
    ).toEqual(fields);
  });

  it("refuses, before training, a network whose weights the server would not accept", () => {
    const open = challengeSpecSchema.parse({
      dataset: "spiral",
      objective: { kind: "accuracy" },
      prompt: "Anything",
    });
    const big = { ...DEFAULT_CONFIG, depth: 20, width: 512 };
    const weights = weightsByteLength(networkLayout(big, DATASETS.spiral));
    expect(weights).toBeGreaterThan(MAX_WEIGHTS_BYTES_PER_RUN);
    const [violation, ...more] = checkConstraints(open, big);
    expect(more).toEqual([]);
    expect(violation).toMatchObject({ field: "width", code: "weightsTooLarge" });
    const { mib, maxMib } = (violation as Extract<Violation, { code: "weightsTooLarge" }>).params;
    expect(mib).toBeGreaterThanOrEqual(19);
    expect(mib).toBeLessThan(20);
    expect(maxMib).toBe(6);
    // The largest square network under the limit passes.
    expect(checkConstraints(open, { ...big, width: 256 })).toEqual([]);
  });

  it("says what the engine itself refuses as codes with their limits", () => {
    expect(
      configProblems({ ...DEFAULT_CONFIG, depth: 51, width: Number.NaN, steps: 2.5, sigma: 0 }),
    ).toEqual([
      { field: "depth", code: "tooBig", params: { max: 50 } },
      { field: "width", code: "notANumber", params: {} },
      { field: "sigma", code: "moreThan", params: { min: 0 } },
      { field: "steps", code: "notInteger", params: {} },
    ]);
    expect(configProblems({ ...DEFAULT_CONFIG, batchSize: 1, activation: "swish" })).toEqual([
      { field: "activation", code: "notAllowed", params: { values: expect.any(Array) } },
      { field: "batchSize", code: "tooSmall", params: { min: 2 } },
    ]);
    expect(configProblems(DEFAULT_CONFIG)).toEqual([]);
  });

  it("rejects malformed specs", () => {
    const bad = (patch: object) =>
      challengeSpecSchema.safeParse({
        dataset: "spiral",
        objective: { kind: "accuracy" },
        prompt: "x",
        ...patch,
      }).success;
    expect(bad({})).toBe(true);
    expect(bad({ ranges: { depth: { min: 10, max: 5 } } })).toBe(false);
    expect(bad({ objective: { kind: "steps-to-target" } })).toBe(false);
    expect(bad({ allowed: { activation: [] } })).toBe(false);
    expect(bad({ locked: { depth: 500 } })).toBe(false);
    expect(bad({ prompt: "" })).toBe(false);
    expect(bad({ extra: 1 })).toBe(false);
  });
});
