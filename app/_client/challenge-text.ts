"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback } from "react";
import { postedAsIs, type ChallengeTemplate } from "../../lib/challenges/curriculum";
import { formatFactIn } from "../../lib/challenges/facts";
import type { TransferKey } from "../../lib/challenges/transfer";
import type { ChallengeView } from "../../lib/protocol/views";

export interface ChallengeText {
  title: string;
  prompt: string;
  /** Only in the teacher's view. */
  teacherNote?: string;
}

/**
 * A challenge's title, prompt and teacher note in the page's language: a built-in challenge posted
 * as is reads from the curriculum catalog; a teacher's own (custom or edited) reads as written.
 */
export function useChallengeText(): (
  challenge: Pick<ChallengeView, "templateKey" | "title" | "spec"> & {
    spec: { teacherNote?: string };
  },
) => ChallengeText {
  const templateText = useTemplateText();
  return useCallback(
    (challenge) => {
      const { title, spec } = challenge;
      // The teacher note only where the view has one (the student's has none).
      const withNote = (note: string) =>
        spec.teacherNote !== undefined ? { teacherNote: note } : {};
      const template = postedAsIs(challenge);
      if (!template) return { title, prompt: spec.prompt, ...withNote(spec.teacherNote ?? "") };
      const text = templateText(template);
      return { title: text.title, prompt: text.prompt, ...withNote(text.teacherNote) };
    },
    [templateText],
  );
}

/** A built-in template's title and texts in the page's language (the teacher's template picker). */
export function useTemplateText(): (template: ChallengeTemplate) => Required<ChallengeText> {
  const t = useTranslations("curriculum");
  const format = useFormatter();
  return useCallback(
    (template) => {
      // Each fact in the page's language, passed to the catalog's text as its ICU argument.
      const facts = Object.fromEntries(
        Object.entries(template.facts).map(([name, fact]) => [
          name,
          formatFactIn(fact, (value, options) => format.number(value, options)),
        ]),
      );
      return {
        title: t(`${template.key}.title`),
        prompt: t(`${template.key}.prompt`, facts),
        teacherNote: t(`${template.key}.teacherNote`, facts),
      };
    },
    [t, format],
  );
}

/** A post-check transfer network's name in the page's language. */
export function useTransferTitle(): (transfer: TransferKey) => string {
  const t = useTranslations("transfer");
  return useCallback((transfer) => t(`${transfer}.title`), [t]);
}
