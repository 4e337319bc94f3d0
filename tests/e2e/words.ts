/**
 * The words a page shows in a language, read from the catalogs the app serves, so a test in Spanish,
 * German or Arabic finds a button by what its reader sees, whatever the wording.
 */
import { allCatalogs } from "../../server/i18n/catalogs";
import type { Locale } from "../../lib/i18n/locales";

const catalogs = allCatalogs();

function lookup(locale: Locale, key: string): string {
  let node: unknown = catalogs[locale];
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== "string") throw new Error(`no message ${locale}:${key}`);
  return node;
}

/** A message without arguments, as shown. */
export const say = (locale: Locale, key: string): string => lookup(locale, key);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A message with arguments as a pattern: its fixed text kept, each argument any run of text, or the
 * pattern given for it by name. Tags (<strong>…</strong>) are dropped, as the page renders them as
 * markup.
 */
export function sayPattern(locale: Locale, key: string, args: Record<string, RegExp> = {}): RegExp {
  const message = lookup(locale, key).replace(/<\/?\w+>/g, "");
  const parts: string[] = [];
  let depth = 0;
  let text = "";
  let inner = "";
  for (const c of message) {
    if (c === "{") {
      if (depth === 0) {
        parts.push(escape(text));
        text = "";
        inner = "";
      }
      depth++;
    } else if (c === "}") {
      depth--;
      if (depth === 0) {
        const name = inner.split(",")[0]!.trim();
        parts.push(args[name] ? `(?:${args[name].source})` : ".+?");
      }
    } else if (depth === 0) text += c;
    else inner += c;
  }
  parts.push(escape(text));
  return new RegExp(parts.join(""));
}
