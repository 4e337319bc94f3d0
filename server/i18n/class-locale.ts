/**
 * A class's pages carry the class's default language to the page renderer (app/_i18n/request.ts),
 * for students whose browser asks for no language the app speaks. The server looks the class up by
 * the page's path (/class/ID, /join/CODE) and keeps what it found for a few seconds, so a class of
 * thousands opening the lab costs a handful of reads.
 */
import type { IncomingMessage } from "node:http";
import type { Locale } from "../../lib/i18n/locales";
import type { SessionRepository } from "../repositories/sessions";

/** Set by the server only: a request's own header of this name is dropped. */
export const CLASS_LOCALE_HEADER = "x-vp-class-locale";

const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

export function classLocales(sessions: Pick<SessionRepository, "findById" | "findOpenByJoinCode">) {
  const cache = new Map<string, { locale: Locale | null; until: number }>();

  async function lookup(key: string, find: () => ReturnType<SessionRepository["findById"]>) {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.locale;
    const session = await find();
    if (cache.size >= MAX_ENTRIES) cache.clear();
    const locale = session?.locale ?? null;
    cache.set(key, { locale, until: now + TTL_MS });
    return locale;
  }

  function classOf(path: string): Promise<Locale | null> | null {
    const [, first, second] = path.split("/");
    if (!second || second.length > 64 || !/^[\w-]+$/.test(second)) return null;
    if (first === "class") return lookup(`id:${second}`, () => sessions.findById(second));
    if (first === "join")
      return lookup(`code:${second}`, () => sessions.findOpenByJoinCode(second.toUpperCase()));
    return null;
  }

  return {
    /** Puts the class's language on a page request for a class (and drops any sent from outside). */
    async mark(req: IncomingMessage): Promise<void> {
      delete req.headers[CLASS_LOCALE_HEADER];
      const path = (req.url ?? "/").split("?")[0]!;
      const found = classOf(path);
      const locale = found && (await found.catch(() => null));
      if (locale) req.headers[CLASS_LOCALE_HEADER] = locale;
    },
  };
}
