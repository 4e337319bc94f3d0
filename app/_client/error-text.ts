"use client";
import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { ERROR_CODES, type ProtocolError } from "../../lib/protocol/errors";
import { ConnectionRefused, NotSent, RequestError } from "./socket";

/**
 * The server's typed errors in the reader's language: the page translates the code (and, for a
 * refused form, the fields the server named), never the server's own English sentence.
 */
export function useErrorText() {
  const t = useTranslations("errors");
  const protocol = useCallback(
    (error: Pick<ProtocolError, "issues"> & { code: string }): string => {
      const code = (ERROR_CODES as readonly string[]).includes(error.code)
        ? error.code
        : "INTERNAL";
      const text = t(`codes.${code}`);
      const fields = [...new Set((error.issues ?? []).map((i) => i.field).filter(Boolean))];
      return fields.length > 0 ? t("withFields", { text, fields: fields.join(", ") }) : text;
    },
    [t],
  );
  const request = useCallback(
    (error: unknown): string => {
      if (error instanceof RequestError) return protocol(error.error);
      if (error instanceof NotSent) return t("notSent");
      return t("noAnswer");
    },
    [t, protocol],
  );
  const refusal = useCallback(
    (error: unknown): string => {
      if (error instanceof ConnectionRefused && error.code === "VERSION_MISMATCH")
        return t("versionMismatch");
      if (error instanceof ConnectionRefused) return t("refused", { reason: protocol(error) });
      return t("unreachable");
    },
    [t, protocol],
  );
  return useMemo(() => ({ protocol, request, refusal }), [protocol, request, refusal]);
}
