/**
 * The curriculum in every language: the English catalog renders, through ICU, to exactly the text
 * the server stores; a fact reads in the page's language with English exactly as the server writes
 * it; and a challenge shows the catalog's text in the page's language only while it is its template
 * word for word (a custom or edited one reads as written).
 */
import { createTranslator, NextIntlClientProvider } from "next-intl";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  useChallengeText,
  useTemplateText,
  useTransferTitle,
  type ChallengeText,
} from "../../../app/_client/challenge-text";
import { CURRICULUM, findTemplate, postedAsIs } from "../../../lib/challenges/curriculum";
import { formatFact, formatFactIn, type NumberFormatter } from "../../../lib/challenges/facts";
import { TRANSFER_ITEMS, TRANSFER_KEYS } from "../../../lib/challenges/transfer";
import type { Locale } from "../../../lib/i18n/locales";
import arCurriculum from "../../../lib/i18n/messages/ar/curriculum.json";
import arTransfer from "../../../lib/i18n/messages/ar/transfer.json";
import deCurriculum from "../../../lib/i18n/messages/de/curriculum.json";
import deTransfer from "../../../lib/i18n/messages/de/transfer.json";
import enCurriculum from "../../../lib/i18n/messages/en/curriculum.json";
import enTransfer from "../../../lib/i18n/messages/en/transfer.json";
import esCurriculum from "../../../lib/i18n/messages/es/curriculum.json";
import esTransfer from "../../../lib/i18n/messages/es/transfer.json";

// Untyped, as next-intl's own default: any key, any arguments (tests/unit/i18n checks both).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MESSAGES: Record<Locale, Record<string, any>> = {
  en: { curriculum: enCurriculum, transfer: enTransfer },
  es: { curriculum: esCurriculum, transfer: esTransfer },
  de: { curriculum: deCurriculum, transfer: deTransfer },
  ar: { curriculum: arCurriculum, transfer: arTransfer },
};

const intl =
  (locale: string): NumberFormatter =>
  (value, options) =>
    new Intl.NumberFormat(locale, options).format(value);

const template = findTemplate("vanishing-sigmoid")!;

describe("the English catalog", () => {
  const t = createTranslator({ locale: "en", messages: MESSAGES.en });

  it.each(CURRICULUM)("$key renders, through ICU, to the text the server stores", (tpl) => {
    const facts = Object.fromEntries(
      Object.entries(tpl.facts).map(([name, fact]) => [name, formatFact(fact)]),
    );
    expect(t(`curriculum.${tpl.key}.title`)).toBe(tpl.title);
    expect(t(`curriculum.${tpl.key}.prompt`, facts)).toBe(tpl.spec.prompt);
    expect(t(`curriculum.${tpl.key}.teacherNote`, facts)).toBe(tpl.spec.teacherNote);
  });

  it.each(TRANSFER_KEYS)("transfer %s is the item's English name", (key) => {
    expect(t(`transfer.${key}.title`)).toBe(TRANSFER_ITEMS[key].title);
  });
});

describe("formatFactIn", () => {
  it.each(CURRICULUM.flatMap((tpl) => Object.entries(tpl.facts)))(
    "{%s} in English is what the server stores",
    (_name, fact) => {
      expect(formatFactIn(fact, intl("en"))).toBe(formatFact(fact));
    },
  );

  it.each<[string, number, Parameters<typeof formatFact>[0]["format"], string]>([
    ["de", 0.23, "fixed2", "0,23"],
    ["de", 100 / 3, "percent", "33\u00a0%"],
    ["de", 17, "round", "17"],
    ["de", 3.8e-12, "sci", "3,8e-12"],
    ["es", 1.6e4, "sci", "1,6e4"],
    ["en", 9.96e-12, "sci", "1.0e-11"],
  ])("%s: %s as %s reads %s", (locale, value, format, expected) => {
    expect(formatFactIn({ value, format }, intl(locale))).toBe(expected);
  });
});

describe("postedAsIs", () => {
  const posted = { templateKey: template.key, title: template.title, spec: template.spec };

  it("finds the template of a challenge posted as is, in the teacher's and the student's view", () => {
    expect(postedAsIs(posted)).toBe(template);
    const { teacherNote: _, ...studentSpec } = template.spec;
    expect(postedAsIs({ ...posted, spec: studentSpec })).toBe(template);
  });

  it.each([
    ["a custom challenge", { templateKey: null }],
    ["a template no longer in the curriculum", { templateKey: "retired" }],
    ["an edited title", { title: "My own title" }],
    ["an edited prompt", { spec: { ...template.spec, prompt: "Go" } }],
    ["an edited teacher note", { spec: { ...template.spec, teacherNote: "Mine" } }],
  ])("finds none for %s", (_name, patch) => {
    expect(postedAsIs({ ...posted, ...patch })).toBeUndefined();
  });
});

/** What the hooks give on a page in `locale` (rendered on the server, no DOM needed). */
function render<T>(locale: Locale, use: () => T): T {
  let out: T | undefined;
  const Probe = () => {
    out = use();
    return null;
  };
  renderToStaticMarkup(
    // The provider's props type asks for its children among them.
    // eslint-disable-next-line react/no-children-prop
    createElement(NextIntlClientProvider, {
      locale,
      messages: MESSAGES[locale],
      timeZone: "UTC",
      children: createElement(Probe),
    }),
  );
  return out!;
}

describe("the hooks", () => {
  const challenge = { templateKey: template.key, title: template.title, spec: template.spec };

  it("give a template posted as is in the page's language, facts in its own digits", () => {
    const text: ChallengeText = render("de", () => useChallengeText()(challenge));
    expect(text.title).toBe(deCurriculum["vanishing-sigmoid"].title);
    expect(text.teacherNote).toContain("0,23 pro Schicht");
    expect(text.teacherNote).toContain("3,8e-12");
    expect(text.teacherNote).toContain("33\u00a0%");
    expect(render("en", () => useChallengeText()(challenge))).toEqual({
      title: template.title,
      prompt: template.spec.prompt,
      teacherNote: template.spec.teacherNote,
    });
    expect(render("es", () => useTemplateText()(template)).prompt).toBe(
      esCurriculum["vanishing-sigmoid"].prompt,
    );
  });

  it("give no teacher note where the view has none (the student's)", () => {
    const { teacherNote: _, ...spec } = template.spec;
    const text = render("ar", () => useChallengeText()({ ...challenge, spec }));
    expect(text).toEqual({
      title: arCurriculum["vanishing-sigmoid"].title,
      prompt: arCurriculum["vanishing-sigmoid"].prompt,
    });
  });

  it("give a custom or edited challenge as written", () => {
    const edited = { ...challenge, spec: { ...template.spec, prompt: "Train it deeper." } };
    expect(render("de", () => useChallengeText()(edited))).toEqual({
      title: template.title,
      prompt: "Train it deeper.",
      teacherNote: template.spec.teacherNote,
    });
  });

  it("give a transfer network's name in the page's language", () => {
    expect(render("de", () => useTransferTitle()("relu-he-20"))).toBe(
      deTransfer["relu-he-20"].title,
    );
  });
});
