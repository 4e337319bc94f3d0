/**
 * The catalogs are complete and used: every language has exactly English's keys, every message is
 * valid ICU with the same arguments as English's, every key the code asks for exists, and every key
 * in the catalogs is asked for somewhere.
 *
 * What "asked for" means: a translator bound to a namespace (`const t = useTranslations("lab")`,
 * `await getTranslations("lab")`, or `namespace: "lab"` in its options) called with a literal key
 * (`t("train")`, `t.rich("train", …)`), or with a template whose fixed start names a group
 * (`t(\`verdicts.${v}\`)` asks for every key under lab.verdicts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { LOCALES } from "../../../lib/i18n/locales";
import type { Messages } from "../../../lib/i18n/pseudo";
import { ERROR_CODES } from "../../../lib/protocol/errors";
import { allCatalogs } from "../../../server/i18n/catalogs";

const catalogs = allCatalogs();

function flatten(messages: Messages, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(catalogs[l])])) as Record<
  (typeof LOCALES)[number],
  Map<string, string>
>;
const english = flat.en;

/** The names a message takes as arguments (and its tags), with their kinds. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument) into.add(e.value);
    else if (e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time)
      into.add(e.value);
    else if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    } else if (e.type === TYPE.tag) {
      into.add(`<${e.value}>`);
      argumentsOf(e.children, into);
    }
  }
  return into;
}

const SOURCE_DIRS = ["app", "lib", "server"];

/** Every key the code asks for: exact keys, and groups asked for through a template. */
function askedFor(): { exact: Map<string, string>; groups: Map<string, string> } {
  const exact = new Map<string, string>();
  const groups = new Map<string, string>();
  const files = SOURCE_DIRS.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)),
  ).filter((f) => /\.tsx?$/.test(f) && !f.startsWith(join("server", "db", "generated")));
  const binding =
    /(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations|createTranslator)\(\s*(?:"([\w.]*)"|\{([^}]*)\})?\s*\)/g;
  for (const file of files) {
    const source = readFileSync(file, "utf8");
    for (const bound of source.matchAll(binding)) {
      const name = bound[1]!;
      const namespace = bound[2] ?? /namespace:\s*"([\w.]+)"/.exec(bound[3] ?? "")?.[1] ?? "";
      const call = new RegExp(
        `(?<![\\w.])${name}(?:\\.rich|\\.markup|\\.raw|\\.has)?\\(\\s*(?:"([\\w.-]+)"|\`([\\w.-]*)(\\$\\{)?)`,
        "g",
      );
      for (const used of source.matchAll(call)) {
        const key = used[1] ?? used[2]!;
        const full = namespace ? `${namespace}.${key}` : key;
        if (used[3]) groups.set(full, file);
        else exact.set(full, file);
      }
    }
  }
  return { exact, groups };
}

describe("message catalogs", () => {
  it.each(LOCALES.filter((l) => l !== "en"))("%s has exactly English's keys", (locale) => {
    const keys = [...flat[locale].keys()];
    expect({
      missing: [...english.keys()].filter((k) => !flat[locale].has(k)),
      extra: keys.filter((k) => !english.has(k)),
    }).toEqual({ missing: [], extra: [] });
  });

  it.each(LOCALES)("%s: every message is ICU with English's arguments", (locale) => {
    const wrong: string[] = [];
    for (const [key, message] of flat[locale]) {
      let args: Set<string>;
      try {
        args = argumentsOf(parse(message, { requiresOtherClause: true }));
      } catch (error) {
        wrong.push(`${key}: ${(error as Error).message}`);
        continue;
      }
      const englishArgs = argumentsOf(parse(english.get(key) ?? ""));
      const a = [...args].sort().join(",");
      const b = [...englishArgs].sort().join(",");
      if (a !== b) wrong.push(`${key}: {${a}} where English has {${b}}`);
      if (locale !== "en" && message.trim() === "") wrong.push(`${key}: empty`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(LOCALES)("%s: every plural gives each form the language's numbers take", (locale) => {
    // Arabic's six forms (zero, one, two, few, many, other) from Intl; elsewhere one and other
    // (Spanish's "many" is only for compact millions, which no message shows).
    const needed =
      locale === "ar"
        ? new Intl.PluralRules(locale).resolvedOptions().pluralCategories
        : ["one", "other"];
    const wrong: string[] = [];
    const walk = (key: string, elements: MessageFormatElement[]) => {
      for (const e of elements) {
        if (e.type === TYPE.plural && e.pluralType !== "ordinal") {
          const missing = needed.filter((c) => !(c in e.options));
          if (missing.length > 0) wrong.push(`${key}: {${e.value}} lacks ${missing.join(", ")}`);
        }
        if (e.type === TYPE.plural || e.type === TYPE.select)
          for (const option of Object.values(e.options)) walk(key, option.value);
        if (e.type === TYPE.tag) walk(key, e.children);
      }
    };
    for (const [key, message] of flat[locale]) walk(key, parse(message));
    expect(wrong).toEqual([]);
  });

  const { exact, groups } = askedFor();

  it("every key the code asks for is in the catalog", () => {
    const isGroup = (key: string) => [...english.keys()].some((k) => k.startsWith(key));
    expect([...exact].filter(([key]) => !english.has(key)).map(([k, f]) => `${k} (${f})`)).toEqual(
      [],
    );
    expect([...groups].filter(([key]) => !isGroup(key)).map(([k, f]) => `${k}* (${f})`)).toEqual(
      [],
    );
  });

  it("every key in the catalog is asked for somewhere", () => {
    const prefixes = [...groups.keys()];
    const unused = [...english.keys()].filter(
      (key) => !exact.has(key) && !prefixes.some((p) => key.startsWith(p)),
    );
    expect(unused).toEqual([]);
  });

  it("every error code the server can answer has its words", () => {
    expect(ERROR_CODES.filter((code) => !english.has(`errors.codes.${code}`))).toEqual([]);
  });
});
