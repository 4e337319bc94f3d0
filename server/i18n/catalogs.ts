/**
 * The message catalogs, read from lib/i18n/messages/LOCALE/NAMESPACE.json: one file per namespace
 * and language, each file's messages under its namespace. Read once per process; the pseudo-locale
 * is made from English.
 */
import type { AbstractIntlMessages } from "next-intl";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCALES, PSEUDO_LOCALE, type AppLocale, type Locale } from "../../lib/i18n/locales";
import { pseudoCatalog, type Messages } from "../../lib/i18n/pseudo";

export const MESSAGES_DIR = join(process.cwd(), "lib", "i18n", "messages");

function readCatalog(locale: Locale): Messages {
  const dir = join(MESSAGES_DIR, locale);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort();
  return Object.fromEntries(
    files.map((name) => [
      name.slice(0, -".json".length),
      JSON.parse(readFileSync(join(dir, name), "utf8")) as Messages,
    ]),
  );
}

const cache = new Map<AppLocale, Messages>();

/** A language's messages, typed as next-intl takes them (any key, any values). */
export function catalog(locale: AppLocale): AbstractIntlMessages {
  let messages = cache.get(locale);
  if (!messages) {
    messages = locale === PSEUDO_LOCALE ? pseudoCatalog(catalog("en")) : readCatalog(locale);
    cache.set(locale, messages);
  }
  return messages;
}

/** Every language's catalog, for the checks. */
export const allCatalogs = (): Record<Locale, Messages> =>
  Object.fromEntries(LOCALES.map((l) => [l, readCatalog(l)])) as Record<Locale, Messages>;
