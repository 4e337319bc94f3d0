import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { directionOf, isAppLocale } from "../lib/i18n/locales";
import "./globals.css";

// Every page is rendered per request so that its scripts carry the request's CSP nonce (set by the
// server in server/http/edge.ts); a prerendered page would have none and its scripts would be blocked.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: t("appName"), description: t("appDescription") };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale} dir={directionOf(isAppLocale(locale) ? locale : "en")}>
      <body>
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
