/**
 * The languages the classroom speaks, and how a request's language is chosen: the person's own
 * choice (made in the lab or on the teacher's pages), else the browser's Accept-Language, else the
 * class's default set by the teacher, else English.
 */
import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";

export const LOCALES = ["en", "es", "de", "ar"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/**
 * A pseudo-locale for layout checks: English accented and 40% longer, generated from the English
 * catalog (./pseudo.ts). It is chosen only by name, never offered in a menu.
 */
export const PSEUDO_LOCALE = "en-XA";
export type AppLocale = Locale | typeof PSEUDO_LOCALE;

/** Each language's own name, as a menu shows it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: "English",
  es: "Español",
  de: "Deutsch",
  ar: "العربية",
};

/** The cookie that keeps a person's chosen language (a year, every page of this origin). */
export const LOCALE_COOKIE = "vp_locale";

export const isLocale = (value: unknown): value is Locale =>
  typeof value === "string" && (LOCALES as readonly string[]).includes(value);

export const isAppLocale = (value: unknown): value is AppLocale =>
  isLocale(value) || value === PSEUDO_LOCALE;

export const directionOf = (locale: AppLocale): "ltr" | "rtl" => (locale === "ar" ? "rtl" : "ltr");

/** The supported language the browser asks for first, or null when it asks for none of them. */
export function fromAcceptLanguage(header: string | null | undefined): AppLocale | null {
  if (!header) return null;
  const requested = new Negotiator({ headers: { "accept-language": header } }).languages();
  if (requested.some((tag) => tag.toLowerCase() === PSEUDO_LOCALE.toLowerCase()))
    return PSEUDO_LOCALE;
  const wanted = requested.filter((tag) => tag !== "*");
  if (wanted.length === 0) return null;
  try {
    const NONE = "zz";
    const found = match(wanted, [...LOCALES], NONE, { algorithm: "best fit" });
    return isLocale(found) ? found : null;
  } catch {
    // A tag Intl cannot canonicalize: treat the header as asking for nothing we speak.
    return null;
  }
}

export interface LocaleSources {
  /** The person's own choice (the cookie). */
  chosen?: string | null;
  acceptLanguage?: string | null;
  /** The class's default, on the pages of a class. */
  classDefault?: string | null;
}

export function resolveLocale({ chosen, acceptLanguage, classDefault }: LocaleSources): AppLocale {
  if (isAppLocale(chosen)) return chosen;
  return (
    fromAcceptLanguage(acceptLanguage) ?? (isLocale(classDefault) ? classDefault : DEFAULT_LOCALE)
  );
}
