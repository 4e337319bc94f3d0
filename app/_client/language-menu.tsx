"use client";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES, isLocale } from "../../lib/i18n/locales";

const YEAR_S = 365 * 24 * 3600;

/**
 * The language menu: the choice is kept in a cookie for every page of this origin, and the page is
 * rendered again in the new language without a reload (a lab keeps its network and its training).
 */
export function LanguageMenu() {
  const t = useTranslations("common");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="language-menu">
      <span className="sr-only">{t("language")}</span>
      <span aria-hidden="true">🌐</span>
      <select
        value={isLocale(locale) ? locale : ""}
        disabled={pending}
        onChange={(e) => {
          const chosen = e.target.value;
          if (!isLocale(chosen)) return;
          document.cookie = `${LOCALE_COOKIE}=${chosen}; path=/; max-age=${YEAR_S}; samesite=lax`;
          startTransition(() => router.refresh());
        }}
      >
        {!isLocale(locale) && <option value="">{locale}</option>}
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
