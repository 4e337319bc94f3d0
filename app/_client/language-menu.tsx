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
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className="globe">
        <circle cx="12" cy="12" r="9.5" />
        <path d="M2.5 12h19M12 2.5c2.8 2.6 4.2 5.8 4.2 9.5s-1.4 6.9-4.2 9.5c-2.8-2.6-4.2-5.8-4.2-9.5s1.4-6.9 4.2-9.5Z" />
      </svg>
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
