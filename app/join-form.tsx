"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { MAX_NICKNAME_LENGTH } from "../lib/protocol/schemas";
import type { ErrorCode } from "../lib/protocol/errors";
import { useErrorText } from "./_client/error-text";
import { rejoinTokens, request, requestWhenAdmitted, RequestError } from "./_client/socket";

/** A refused join in words: which limit refused, this device's or the network's. */
function useJoinMessage() {
  const t = useTranslations("join");
  const errorText = useErrorText();
  return useCallback(
    (e: unknown): string => {
      if (!(e instanceof RequestError)) return errorText.refusal(e);
      const code = e.error.code;
      if (code === "RATE_LIMITED" && e.error.issues?.[0]?.message === "address")
        return t("errors.RATE_LIMITED_ADDRESS");
      if (JOIN_ERRORS.has(code)) return t(`errors.${code as JoinError}`);
      return errorText.protocol(e.error);
    },
    [t, errorText],
  );
}

/** The refusals the join form words in its own terms (others take the general wording). */
const JOIN_ERRORS = new Set([
  "NOT_FOUND",
  "NICKNAME_TAKEN",
  "RATE_LIMITED",
  "JOINING_LOCKED",
  "REMOVED",
  "UNAVAILABLE",
  "BAD_REQUEST",
] as const satisfies readonly ErrorCode[]) as ReadonlySet<string>;
type JoinError =
  | "NOT_FOUND"
  | "NICKNAME_TAKEN"
  | "RATE_LIMITED"
  | "JOINING_LOCKED"
  | "REMOVED"
  | "UNAVAILABLE"
  | "BAD_REQUEST";

/** Join a class with its code and a nickname. */
export function JoinForm({ initialCode = "" }: { initialCode?: string }) {
  const router = useRouter();
  const t = useTranslations("join");
  const joinMessage = useJoinMessage();
  const [code, setCode] = useState(initialCode);
  const [nickname, setNickname] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A link or QR code brings its code: say which class it joins before the student types a name.
  const [joining, setJoining] = useState<{ title: string; joinLocked: boolean } | null>(null);
  useEffect(() => {
    if (!initialCode) return;
    request("session:peek", { joinCode: initialCode }).then(setJoining, (e: unknown) =>
      setError(joinMessage(e)),
    );
  }, [initialCode, joinMessage]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // A busy server asks to wait: the form waits (still busy) and sends the join again.
      const joined = await requestWhenAdmitted("participant:join", { joinCode: code, nickname });
      rejoinTokens.set(joined.session.id, joined.rejoinToken);
      router.push(`/class/${joined.session.id}`);
    } catch (e) {
      setError(joinMessage(e));
      setBusy(false);
    }
  }

  return (
    <form className="join" onSubmit={submit} aria-describedby={error ? "join-error" : undefined}>
      {joining && (
        <p className="joining" role="status">
          {joining.joinLocked
            ? t.rich("joiningLocked", { title: joining.title, strong: (c) => <strong>{c}</strong> })
            : t.rich("joining", { title: joining.title, strong: (c) => <strong>{c}</strong> })}
        </p>
      )}
      <label>
        {t("code")}
        <input
          name="code"
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={8}
          required
          className="code-input"
        />
      </label>
      <label>
        {t("nickname")}
        <input
          name="nickname"
          value={nickname}
          onChange={(e) => setNickname(e.target.value)}
          maxLength={MAX_NICKNAME_LENGTH}
          required
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? t("joiningBusy") : t("submit")}
      </button>
      {error && (
        <p id="join-error" role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
