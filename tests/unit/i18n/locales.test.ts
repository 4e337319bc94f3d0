/** Which language a request gets, and the pseudo-locale's promise: same arguments, 40% longer. */
import { parse } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { directionOf, fromAcceptLanguage, resolveLocale } from "../../../lib/i18n/locales";
import { pseudoCatalog, pseudoMessage } from "../../../lib/i18n/pseudo";
import { catalog } from "../../../server/i18n/catalogs";

describe("a request's language", () => {
  it.each([
    ["es-ES,es;q=0.9,en;q=0.8", "es"],
    ["de-AT", "de"],
    ["ar-EG,ar;q=0.9", "ar"],
    ["fr-FR,fr;q=0.9,de;q=0.5", "de"],
    ["pt-BR,en-US;q=0.7", "en"],
    ["en-XA", "en-XA"],
  ])("Accept-Language %s gives %s", (header, locale) => {
    expect(fromAcceptLanguage(header)).toBe(locale);
  });

  it.each(["fr-FR,fr;q=0.9", "*", "", "x-$$$,;q=", "zh"])(
    "Accept-Language %j asks for none the app speaks",
    (header) => expect(fromAcceptLanguage(header)).toBeNull(),
  );

  it("takes the person's choice, then the browser's, then the class's default, then English", () => {
    expect(resolveLocale({ chosen: "de", acceptLanguage: "es", classDefault: "ar" })).toBe("de");
    expect(resolveLocale({ chosen: "xx", acceptLanguage: "es", classDefault: "ar" })).toBe("es");
    expect(resolveLocale({ acceptLanguage: "fr", classDefault: "ar" })).toBe("ar");
    expect(resolveLocale({ acceptLanguage: "fr", classDefault: "klingon" })).toBe("en");
    expect(resolveLocale({})).toBe("en");
  });

  it("writes Arabic right to left and the others left to right", () => {
    expect(directionOf("ar")).toBe("rtl");
    for (const l of ["en", "es", "de", "en-XA"] as const) expect(directionOf(l)).toBe("ltr");
  });
});

describe("the pseudo-locale", () => {
  it("keeps arguments, plurals and tags, accents the text and makes it about 40% longer", () => {
    const english = "You have {n, plural, one {# run} other {# runs}} in <b>{title}</b>";
    const pseudo = pseudoMessage(english);
    expect(pseudo).not.toContain("You have");
    expect(pseudo).toContain("{title}");
    expect(pseudo).toContain("<b>");
    expect(() => parse(pseudo)).not.toThrow();
    const plain = pseudoMessage("Join the class");
    expect(plain.length / "Join the class".length).toBeGreaterThanOrEqual(1.35);
    expect(plain).not.toMatch(/[a-z]/);
  });

  it("is made for every English message", () => {
    const english = catalog("en");
    const pseudo = pseudoCatalog(english);
    expect(Object.keys(pseudo)).toEqual(Object.keys(english));
  });
});
