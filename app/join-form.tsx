"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { MAX_NICKNAME_LENGTH } from "../lib/protocol/schemas";
import { rejoinTokens, request, RequestError } from "./_client/socket";

const MESSAGES: Record<string, string> = {
  NOT_FOUND: "No open class has this code. Check it on the board.",
  NICKNAME_TAKEN: "Someone in this class already has that nickname.",
  RATE_LIMITED: "Too many wrong codes from this device. Wait a minute and try again.",
  JOINING_LOCKED: "The teacher has locked joining for now. Ask them to open it.",
  REMOVED: "The teacher removed this device from the class.",
  UNAVAILABLE: "The class server is busy for a moment. Try again.",
  BAD_REQUEST: "Use the 6-character code and a nickname of letters and digits.",
};

/** A refused join in words: which limit refused, this device's or the network's. */
function joinMessage(e: unknown): string {
  if (!(e instanceof RequestError)) return "Could not reach the class server.";
  if (e.error.code === "RATE_LIMITED" && e.error.issues?.[0]?.message === "address")
    return "Too many wrong codes from your network (every device behind its address) this minute. Wait a minute and try again.";
  return MESSAGES[e.error.code] ?? e.error.message;
}

/** Join a class with its code and a nickname. */
export function JoinForm({ initialCode = "" }: { initialCode?: string }) {
  const router = useRouter();
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
  }, [initialCode]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const joined = await request("participant:join", { joinCode: code, nickname });
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
          You are joining <strong>{joining.title}</strong>
          {joining.joinLocked && " (the teacher has locked joining for now)"}
        </p>
      )}
      <label>
        Join code
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
        Nickname
        <input
          name="nickname"
          value={nickname}
          onChange={(e) => setNickname(e.target.value)}
          maxLength={MAX_NICKNAME_LENGTH}
          required
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? "Joining…" : "Join the class"}
      </button>
      {error && (
        <p id="join-error" role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
