/**
 * Every number a curriculum text states is measured, not typed: each fact of every template is
 * measured again with the engine (tests/support/facts.ts) and must agree with its text within 10%;
 * and a text holds no other number than its facts, the values its challenge sets, and the published
 * or arithmetic ones listed here with where they come from.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CURRICULUM } from "../../../lib/challenges/curriculum";
import { formatFact } from "../../../lib/challenges/facts";
import { EXPLODING_RATIO } from "../../../lib/nn/summary";
import { selectBackend } from "../../../server/engine/backend";
import { measureFact } from "../../support/facts";

/** Numbers a text may state without measuring them: citations, published values, arithmetic. */
const CITED = new Set([
  "1/4", // sigmoid's largest derivative
  "1.21", // Yang et al.'s sqrt(pi / (pi - 1))
  "5.7", // sqrt(64 / 2), arithmetic
  "0.18", // sqrt(2 / 64), arithmetic
  "0.125", // sqrt(1 / 64), arithmetic
  "1e-3", // CS231n's update-to-weight rule of thumb
  "60", // 10 x 2 x 3, arithmetic
  "5%", // the tolerance a sweep's points are held to
  "0", // "0 is perfect", "N(0, ...)"
  "1", // "layer 1"
  "2", // "layer 2", where the measure starts; the 2 input features
  `${EXPLODING_RATIO}x`, // the verdict's line (lib/nn/summary.ts)
]);
const CITATION =
  /\b(?:19|20)\d\d\b|\b(?:Fig\.|sec\.|Thm|eq\.)\s*[\d.]+|CS231n|\bsqrt\([^)]*\)|\bln\s*\d|\bN\(0, [^)]*\)|\bseeds? [\d-]+|\bICLR \d+/g;

/** The values a template sets: its spec's, and the settings its facts were measured with. */
function setNumbers(t: (typeof CURRICULUM)[number]): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === "number") {
      out.add(String(v));
      out.add(`${Math.round(100 * v)}%`);
    } else if (Array.isArray(v)) {
      out.add(String(v.length)); // "10 depths"
      v.forEach(walk);
    } else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk({ ...t.spec, prompt: undefined, teacherNote: undefined });
  for (const fact of Object.values(t.facts)) walk(fact.measure);
  return out;
}

beforeAll(async () => {
  await selectBackend("wasm");
});

describe.each(CURRICULUM)("$key", (t) => {
  it("states only measured, set or cited numbers", () => {
    const allowed = setNumbers(t);
    for (const fact of Object.values(t.facts)) allowed.add(formatFact(fact));
    for (const text of [t.spec.prompt, t.spec.teacherNote]) {
      const stray = (
        text.replace(CITATION, " ").match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?(?:x|%)?(?:\/\d+)?/g) ?? []
      )
        .map((n) => n.replace(/[.x]$/, ""))
        .filter((n) => !allowed.has(n) && !allowed.has(n.replace(/x$/, "")) && !CITED.has(n));
      expect(stray, text).toEqual([]);
    }
  });

  it.each(Object.entries(t.facts))(
    "{%s} agrees with the engine within 10%",
    async (name, fact) => {
      const measured = await measureFact(fact.measure);
      const off = Math.abs(fact.value - measured) / Math.abs(measured);
      expect(
        off,
        `{${name}} states ${formatFact(fact)}, the engine measures ${measured}`,
      ).toBeLessThanOrEqual(0.1);
    },
    300_000,
  );
});
