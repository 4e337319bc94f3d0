/**
 * The few pages LTI answers itself, outside the Next.js app: a refused launch (what went wrong and
 * what to do), the deep-linking picker, and the form that returns the chosen link to the platform.
 * Plain HTML with no script: a launch arrives as a cross-site form post, before any app state.
 *
 * Each page is in the language of the person who launched (see `launchLocale`), from the ltiPages
 * catalog, with its <html lang dir> set.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createTranslator, type Messages } from "next-intl";
import { POINTS_POSSIBLE } from "../../lib/challenges/grading";
import {
  directionOf,
  fromAcceptLanguage,
  isAppLocale,
  LOCALE_COOKIE,
  resolveLocale,
  type AppLocale,
} from "../../lib/i18n/locales";
import type english from "../../lib/i18n/messages/en/ltiPages.json";
import { catalog } from "../i18n/catalogs";

/** Why a launch was refused: a key of ltiPages.refusals, and the values its message takes. */
export type RefusalKey = keyof (typeof english)["refusals"];
export type RefusalValues = Record<string, string | number>;

const LOCALE_IN_COOKIE = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]*)`);

/**
 * The language of an LTI page: the person's own choice (the language menu's cookie, which a
 * cross-site launch carries only when the platform shares this site), else the locale the platform
 * says the launch is presented in (its launch_presentation claim, or what the picker carried on),
 * else the browser's Accept-Language, else English.
 */
export function launchLocale(req: IncomingMessage, presented?: string | null): AppLocale {
  const chosen = LOCALE_IN_COOKIE.exec(req.headers.cookie ?? "")?.[1];
  // Platforms write tags as en_US as well as en-US.
  const fromPlatform = presented ? fromAcceptLanguage(presented.replaceAll("_", "-")) : null;
  return resolveLocale({
    chosen: isAppLocale(chosen) ? chosen : fromPlatform,
    acceptLanguage: req.headers["accept-language"] ?? null,
  });
}

/** A refusal's reason in a language (English for the log). */
export function refusalText(locale: AppLocale, key: RefusalKey, values: RefusalValues = {}) {
  const messages: Messages = catalog(locale);
  const t = createTranslator({ locale, messages, namespace: "ltiPages" });
  return t(`refusals.${key}`, values);
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const STYLE = `body{font:18px/1.5 system-ui,sans-serif;margin:0;background:#f6f7fb;color:#1b1f2a}
main{max-width:40rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.6rem;margin-top:0}p.why{color:#6b2020;background:#fdecec;padding:.75rem 1rem;border-radius:8px}
ul{list-style:none;padding:0}li{margin:.5rem 0}
button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #2b4ccf;background:#2b4ccf;color:#fff;cursor:pointer;width:100%;text-align:start}
button small{display:block;opacity:.85}`;

function page(
  res: ServerResponse,
  locale: AppLocale,
  status: number,
  title: string,
  body: string,
  formTo?: string,
) {
  const html = `<!doctype html><html lang="${escape(locale)}" dir="${directionOf(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)} · Vanishing Point</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
  if (formTo) {
    // The return form posts to the platform: the page's policy allows that one origin.
    const policy = String(res.getHeader("content-security-policy") ?? "");
    res.setHeader(
      "content-security-policy",
      policy.replace("form-action 'self'", `form-action 'self' ${new URL(formTo).origin}`),
    );
  }
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-language": locale,
  });
  res.end(html);
}

/** A launch refused: its status, what went wrong (no secret), and what the person can do. */
export function refusedPage(
  res: ServerResponse,
  locale: AppLocale,
  status: number,
  reason: { key: RefusalKey; values?: RefusalValues },
): void {
  const messages: Messages = catalog(locale);
  const t = createTranslator({ locale, messages, namespace: "ltiPages" });
  const title = t("refused.title");
  page(
    res,
    locale,
    status,
    title,
    `<h1>${escape(title)}</h1><p class="why">${escape(refusalText(locale, reason.key, reason.values))}</p>
<p>${escape(t("refused.advice"))}</p>`,
  );
}

/**
 * The deep-linking picker: the teacher's sessions, each a button posting the signed ticket. A
 * homework's due date is shown in UTC (the platform's teacher may be anywhere).
 */
export function pickerPage(
  res: ServerResponse,
  locale: AppLocale,
  ticket: string,
  sessions: { id: string; title: string; dueAt: Date | null }[],
): void {
  const messages: Messages = catalog(locale);
  const t = createTranslator({ locale, messages, namespace: "ltiPages" });
  const detail = (dueAt: Date | null) =>
    dueAt
      ? t("picker.homework", { due: dueAt.toISOString().slice(0, 16).replace("T", " ") })
      : t("picker.live");
  const items =
    sessions.length === 0
      ? `<p>${escape(t("picker.empty"))}</p>`
      : `<ul>${sessions
          .map(
            (s) =>
              `<li><form method="post" action="/lti/deep-link"><input type="hidden" name="ticket" value="${escape(ticket)}"><input type="hidden" name="session" value="${escape(s.id)}"><button type="submit">${escape(s.title)}<small>${escape(detail(s.dueAt))}</small></button></form></li>`,
          )
          .join("")}</ul>`;
  const title = t("picker.title");
  page(
    res,
    locale,
    200,
    title,
    `<h1>${escape(title)}</h1><p>${escape(t("picker.intro", { points: POINTS_POSSIBLE }))}</p>${items}`,
  );
}

/** The signed response, posted back to the platform by the teacher's click. */
export function returnPage(
  res: ServerResponse,
  locale: AppLocale,
  returnUrl: string,
  jwt: string,
  title: string,
) {
  const messages: Messages = catalog(locale);
  const t = createTranslator({ locale, messages, namespace: "ltiPages" });
  page(
    res,
    locale,
    200,
    t("returning.title"),
    `<h1>${escape(t("returning.heading", { title }))}</h1><form method="post" action="${escape(returnUrl)}"><input type="hidden" name="JWT" value="${escape(jwt)}"><button type="submit">${escape(t("returning.submit"))}</button></form>`,
    returnUrl,
  );
}
