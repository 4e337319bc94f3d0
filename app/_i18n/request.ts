import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, resolveLocale } from "../../lib/i18n/locales";
import { catalog } from "../../server/i18n/catalogs";
import { CLASS_LOCALE_HEADER } from "../../server/i18n/class-locale";

/**
 * Each request's language: the cookie the language menu sets, else the browser's Accept-Language,
 * else the class's default (the server puts it on requests for a class's pages), else English.
 */
export default getRequestConfig(async () => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale({
    chosen: cookieStore.get(LOCALE_COOKIE)?.value,
    acceptLanguage: headerStore.get("accept-language"),
    classDefault: headerStore.get(CLASS_LOCALE_HEADER),
  });
  return { locale, messages: catalog(locale) };
});
