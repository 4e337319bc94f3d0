/**
 * The numbers a curriculum text states, with how each was measured, so a test can measure it again
 * (tests/unit/challenges/notes.test.ts fails when a text and the engine differ by more than 10%).
 * A text names a fact as {name} (an ICU argument in the catalogs); the template renders the value
 * in its format, in English for the server, in the page's language for the pages. Pure data.
 */
import type { NetworkConfig } from "../nn/config";

/** The measurements a fact can rest on, each as the server would take it for a student's run. */
export type FactMeasure =
  /**
   * The probe at initialization (the verifier's: the seed's training split, its probe batch),
   * geometric mean over seeds 0..seeds-1 of a summary ratio, or of the signal's factor per layer.
   */
  | {
      kind: "probe";
      net: Partial<NetworkConfig>;
      seeds: number;
      quantity: "perLayerFactor" | "gradRatio" | "signalRatio" | "signalFactor";
    }
  /** Hidden-split accuracy in percent after training `net` from each seed, mean over the seeds. */
  | { kind: "train"; net: Partial<NetworkConfig>; seeds: readonly number[] }
  /** The same, the lowest or highest single run over a set of configs. */
  | {
      kind: "train-extreme";
      nets: readonly Partial<NetworkConfig>[];
      seeds: readonly number[];
      pick: "min" | "max";
    }
  /** Chance accuracy in percent: 100 / classes of the dataset. */
  | { kind: "chance"; dataset: NetworkConfig["dataset"] };

export type FactFormat = "fixed2" | "percent" | "sci" | "round";

export interface Fact {
  /** The value the text states (rounded as shown). */
  value: number;
  format: FactFormat;
  measure: FactMeasure;
}

/** A fact as the English text states it (what the server stores). */
export function formatFact(fact: Pick<Fact, "value" | "format">): string {
  const v = fact.value;
  switch (fact.format) {
    case "fixed2":
      return v.toFixed(2);
    case "percent":
      return `${Math.round(v)}%`;
    case "round":
      return String(Math.round(v));
    case "sci": {
      const [mantissa, exponent] = v.toExponential(1).split("e") as [string, string];
      return `${mantissa}e${Number(exponent)}`;
    }
  }
}

/** How a language writes a number: Intl's in the page's language (next-intl's format.number). */
export type NumberFormatter = (value: number, options: Intl.NumberFormatOptions) => string;

/**
 * A fact as a language writes it, in the same format as formatFact: "0,23", "33 %", "3,8e-12" in
 * German. A scientific value keeps its "e-12" (the notation the lessons and charts use), with the
 * mantissa in the language's digits.
 */
export function formatFactIn(
  fact: Pick<Fact, "value" | "format">,
  number: NumberFormatter,
): string {
  const v = fact.value;
  switch (fact.format) {
    case "fixed2":
      return number(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case "percent":
      return number(v / 100, { style: "percent", maximumFractionDigits: 0 });
    case "round":
      return number(v, { maximumFractionDigits: 0 });
    case "sci": {
      const [mantissa, exponent] = v.toExponential(1).split("e") as [string, string];
      const digits = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
      return `${number(Number(mantissa), digits)}e${Number(exponent)}`;
    }
  }
}

/** The text with every {name} replaced by its fact; an unknown name is an error. */
export function renderFacts(text: string, facts: Readonly<Record<string, Fact>>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const fact = facts[name];
    if (!fact) throw new Error(`the text names an unknown fact {${name}}`);
    return formatFact(fact);
  });
}
