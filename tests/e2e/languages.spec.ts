/**
 * Every page speaks the reader's language: `GET /` with an Accept-Language answers the page in that
 * language with `<html lang dir>` right, a cookie set by the language menu wins over the browser,
 * and a class's pages fall back to the class's default when the browser asks for no language the
 * app speaks.
 */
import { get } from "node:http";
import { expect, test } from "./fixtures";
import { teacherAt } from "./classroom";
import { ok } from "../support/sockets";
import { viaLoopback } from "../support/loopback";
import { PHONE } from "./classroom";
import { layoutProblems } from "./layout";

/** A page's HTML over plain HTTP with the given headers (loopback, the app's own Host). */
function fetchHtml(url: string, headers: Record<string, string>): Promise<string> {
  const target = viaLoopback(url);
  return new Promise((resolve, reject) => {
    get(
      target.url,
      { headers: { ...headers, ...(target.host ? { host: target.host } : {}) } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve(body));
      },
    ).on("error", reject);
  });
}

const htmlTag = (html: string) => /<html[^>]*>/.exec(html)?.[0] ?? "";

test("GET / answers in the browser's language, with lang and dir", async ({ baseURL }) => {
  for (const [accept, lang, dir, words] of [
    ["ar", "ar", "rtl", "انضم إلى فصلك"],
    ["es-ES,es;q=0.9", "es", "ltr", "Únete a tu clase"],
    ["de-DE,de;q=0.9,en;q=0.5", "de", "ltr", "Tritt deiner Klasse bei"],
    ["fr-FR,fr;q=0.9", "en", "ltr", "Join your class"],
  ] as const) {
    const html = await fetchHtml(`${baseURL}/`, { "accept-language": accept });
    expect(htmlTag(html), accept).toContain(`lang="${lang}"`);
    expect(htmlTag(html), accept).toContain(`dir="${dir}"`);
    expect(html, accept).toContain(words);
  }
  // An address that leads nowhere says so in the reader's language.
  const missing = await fetchHtml(`${baseURL}/no-such-page`, { "accept-language": "de" });
  expect(htmlTag(missing)).toContain('lang="de"');
  expect(missing).toContain("Diese Seite gibt es nicht");
  // The language menu's choice wins over the browser's.
  const chosen = await fetchHtml(`${baseURL}/`, {
    "accept-language": "ar",
    cookie: "vp_locale=de",
  });
  expect(htmlTag(chosen)).toContain('lang="de"');
  expect(htmlTag(chosen)).toContain('dir="ltr"');
});

test("a class's default language serves browsers that ask for none the app speaks", async ({
  browser,
  baseURL,
}) => {
  const teacher = await teacherAt(browser, baseURL!, "languages@school.test");
  try {
    const session = await ok(teacher.socket, "session:create", { title: "Clase de redes" });
    await ok(teacher.socket, "session:configure", { sessionId: session.id, locale: "es" });
    const join = `${baseURL}/join/${session.joinCode}`;
    expect(htmlTag(await fetchHtml(join, { "accept-language": "fr-FR,fr;q=0.9" }))).toContain(
      'lang="es"',
    );
    // A browser that asks for German gets German in a Spanish class.
    expect(htmlTag(await fetchHtml(join, { "accept-language": "de" }))).toContain('lang="de"');
    // A request cannot pose as the server and name a class's language itself.
    expect(
      htmlTag(
        await fetchHtml(`${baseURL}/`, { "accept-language": "fr", "x-vp-class-locale": "ar" }),
      ),
    ).toContain('lang="en"');

    // In the browser: a French phone opens the join link and reads Spanish; the menu switches the
    // page to Arabic, right to left, without a reload.
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto(`/join/${session.joinCode}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("button", { name: "Unirme a la clase" })).toBeVisible();
    await page.getByLabel("Apodo").fill("Lea");
    await page.getByRole("combobox", { name: "Idioma" }).selectOption("ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("button", { name: "انضم إلى الفصل" })).toBeVisible();
    // What the student typed is still there: the page was not reloaded.
    await expect(page.getByLabel("الاسم المستعار")).toHaveValue("Lea");
    await context.close();
  } finally {
    teacher.socket.close();
    await teacher.context.close();
  }
});

test("the home page reads whole in each language on a phone and a projector", async ({
  browser,
}) => {
  for (const [locale, dir] of [
    ["es-ES", "ltr"],
    ["de-DE", "ltr"],
    ["ar-EG", "rtl"],
  ] as const) {
    for (const [name, viewport] of [
      ["phone", PHONE],
      ["projector", { width: 1280, height: 720 }],
    ] as const) {
      const context = await browser.newContext({ locale, viewport });
      const page = await context.newPage();
      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("dir", dir);
      await page.screenshot({
        path: `test-results/screens/languages-home-${locale}-${name}.png`,
        fullPage: true,
      });
      expect.soft(await layoutProblems(page), `${locale} ${name}`).toEqual([]);
      await context.close();
    }
  }
});
