"use client";
import type { ChallengeTemplate } from "../../lib/challenges/curriculum";
import { TRANSFER_ITEMS, type TransferKey } from "../../lib/challenges/transfer";
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
  return (challenge) => ({
    title: challenge.title,
    prompt: challenge.spec.prompt,
    ...(challenge.spec.teacherNote !== undefined
      ? { teacherNote: challenge.spec.teacherNote }
      : {}),
  });
}

/** A built-in template's title and texts in the page's language (the teacher's template picker). */
export function useTemplateText(): (template: ChallengeTemplate) => Required<ChallengeText> {
  return (template) => ({
    title: template.title,
    prompt: template.spec.prompt,
    teacherNote: template.spec.teacherNote ?? "",
  });
}

/** A post-check transfer network's name in the page's language. */
export function useTransferTitle(): (transfer: TransferKey) => string {
  return (transfer) => TRANSFER_ITEMS[transfer].title;
}
