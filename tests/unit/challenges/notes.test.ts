/**
 * Every number a curriculum text states is measured, not typed: each fact of every template is
 * measured again with the engine (tests/support/facts.ts) and must agree with its text within 10%;
 * and a text holds no other number than its facts, the values its challenge sets, and the published
 * or arithmetic ones listed here with where they come from. Every language's text names the same
 * facts (ICU arguments) and states the same other numbers as the English.
 */
import { parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { CURRICULUM, type TemplateText } from "../../../lib/challenges/curriculum";
import { formatFact } from "../../../lib/challenges/facts";
import { LOCALES, type Locale } from "../../../lib/i18n/locales";
import ar from "../../../lib/i18n/messages/ar/curriculum.json";
import de from "../../../lib/i18n/messages/de/curriculum.json";
import en from "../../../lib/i18n/messages/en/curriculum.json";
import es from "../../../lib/i18n/messages/es/curriculum.json";
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

/** The curriculum's texts in each language, as the catalogs hold them (facts as {name}). */
const CATALOGS: Record<Locale, Readonly<Record<string, TemplateText>>> = { en, es, de, ar };
const FIELDS = ["title", "prompt", "teacherNote"] as const;

/** A catalog text's facts (its ICU arguments) and the numbers its own words state. */
function readText(message: string): { facts: string[]; numbers: string[] } {
  const elements = parse(message);
  // Every argument, plural, select or tag counts as naming a fact: only facts may be named.
  const facts = elements.flatMap((e) =>
    e.type !== TYPE.literal && "value" in e ? [String(e.value)] : [],
  );
  const words = elements.map((e) => (e.type === TYPE.literal ? e.value : " ")).join("");
  // A decimal comma ("5,7") is the same number as English's "5.7".
  const numbers = (words.match(/\d+(?:[.,]\d+)?(?:e-?\d+)?/g) ?? []).map((n) =>
    n.replace(",", "."),
  );
  return { facts: [...new Set(facts)].sort(), numbers: [...new Set(numbers)].sort() };
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

  it("names its facts, and only them, in every language", () => {
    const named = FIELDS.flatMap((field) => readText(CATALOGS.en[t.key]![field]).facts);
    expect([...new Set(named)].sort()).toEqual(Object.keys(t.facts).sort());
    for (const locale of LOCALES)
      for (const field of FIELDS) {
        const text = CATALOGS[locale][t.key]?.[field];
        expect(text, `${locale} ${field}`).toBeDefined();
        expect(readText(text!).facts, `${locale} ${field}`).toEqual(
          readText(CATALOGS.en[t.key]![field]).facts,
        );
      }
  });

  it.each(LOCALES.filter((l) => l !== "en"))("states the same numbers in %s", (locale) => {
    for (const field of FIELDS)
      expect(readText(CATALOGS[locale][t.key]![field]).numbers, field).toEqual(
        readText(CATALOGS.en[t.key]![field]).numbers,
      );
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
