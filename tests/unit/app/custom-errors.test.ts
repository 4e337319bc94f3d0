import { describe, expect, it } from "vitest";
import { fieldErrors } from "../../../app/teacher/session/[sessionId]/custom-errors";
import { challengeSpecSchema } from "../../../lib/challenges/spec";

const issues = (patch: object) => {
  const parsed = challengeSpecSchema.safeParse({
    dataset: "spiral",
    objective: { kind: "accuracy" },
    prompt: "Go",
    ...patch,
  });
  if (parsed.success) throw new Error("expected the spec to be refused");
  return parsed.error.issues;
};

describe("the custom form's mistakes, in a teacher's words at their field", () => {
  it.each<[string, object, string, RegExp]>([
    [
      "depth range upside down",
      { ranges: { depth: { min: 10, max: 5 } } },
      "depth",
      /fewest hidden layers must not be more than the most/,
    ],
    [
      "too many submissions",
      { limits: { maxSubmissions: 500 } },
      "submissions",
      /from 1 to 100 runs/,
    ],
    ["a time limit too short", { limits: { timeLimitSec: 5 } }, "minutes", /at least 1 minute/],
    ["an empty prompt", { prompt: "" }, "prompt", /Write what students should do/],
    [
      "a swept knob also locked",
      { locked: { depth: 3 }, sweep: { axes: [{ knob: "depth", values: [2, 3] }], seeds: 1 } },
      "sweep",
      /The sweep: depth is swept/,
    ],
  ])("%s", (_name, patch, field, words) => {
    const errors = fieldErrors(issues(patch));
    expect(errors[field as keyof typeof errors]).toMatch(words);
    expect(Object.values(errors).join(" ")).not.toMatch(
      /ranges\.|limits\.|min must not exceed max/,
    );
  });
});
