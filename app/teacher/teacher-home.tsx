"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import type { SessionView } from "../../lib/protocol/views";
import { authClient } from "../_client/auth";
import { useErrorText } from "../_client/error-text";
import { useFormat } from "../_client/format";
import { reconnectSocket, request } from "../_client/socket";
import {
  AssignmentFields,
  newAssignmentDraft,
  settingsOf,
  type AssignmentDraft,
} from "./assignment-fields";

export function TeacherHome() {
  const t = useTranslations("teacherHome");
  const { data: auth, isPending } = authClient.useSession();
  if (isPending) return <p role="status">{t("loading")}</p>;
  return auth ? <Sessions name={auth.user.name} /> : <SignIn />;
}

/** The auth library's refusals we word ourselves (its own message is English only). */
const AUTH_ERRORS = new Set([
  "INVALID_EMAIL_OR_PASSWORD",
  "INVALID_EMAIL",
  "INVALID_PASSWORD",
  "PASSWORD_TOO_SHORT",
  "PASSWORD_TOO_LONG",
  "USER_ALREADY_EXISTS",
  "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
]);

function SignIn() {
  const t = useTranslations("teacherHome");
  const [mode, setMode] = useState<"sign-in" | "sign-up">("sign-in");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);

  /** A failed sign-in or sign-up in words, from the library's error code (or its rate limit). */
  const authError = (e: { code?: string | undefined; status: number }): string => {
    if (e.code && AUTH_ERRORS.has(e.code)) return t(`authErrors.${e.code}`);
    if (e.status === 429) return t("authFailures.rateLimited");
    return t("authFailures.failed");
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const result =
      mode === "sign-up"
        ? await authClient.signUp.email({ name, email, password })
        : await authClient.signIn.email({ email, password });
    if (result.error) setError(authError(result.error));
    else reconnectSocket();
  }

  return (
    <section className="card narrow">
      <h1>{mode === "sign-up" ? t("signIn.titleSignUp") : t("signIn.titleSignIn")}</h1>
      <form onSubmit={submit} className="stack">
        {mode === "sign-up" && (
          <label>
            {t("signIn.name")}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              autoComplete="name"
            />
          </label>
        )}
        <label>
          {t("signIn.email")}
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoComplete="email"
          />
        </label>
        <label>
          {t("signIn.password")}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={8}
            autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          />
        </label>
        <button type="submit">
          {mode === "sign-up" ? t("signIn.submitSignUp") : t("signIn.submitSignIn")}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      <button
        type="button"
        className="linkish"
        onClick={() => setMode(mode === "sign-up" ? "sign-in" : "sign-up")}
      >
        {mode === "sign-up" ? t("signIn.toSignIn") : t("signIn.toSignUp")}
      </button>
    </section>
  );
}

function Sessions({ name }: { name: string }) {
  const t = useTranslations("teacherHome");
  const format = useFormat();
  const errorText = useErrorText();
  const router = useRouter();
  const [sessions, setSessions] = useState<SessionView[] | null>(null);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  /** Set while the form makes a homework assignment rather than a live session. */
  const [homework, setHomework] = useState<AssignmentDraft | null>(null);
  const [from, setFrom] = useState("");

  useEffect(() => {
    void request("session:list", {}).then(setSessions, () => setSessions([]));
  }, []);

  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      const session = await request(
        "session:create",
        homework
          ? {
              title,
              assignment: settingsOf(homework),
              ...(from ? { fromSessionId: from } : {}),
            }
          : { title },
      );
      router.push(`/teacher/session/${session.id}`);
    } catch (e) {
      setError(errorText.request(e));
    }
  }

  return (
    <>
      <header className="class-header">
        <h1>{t("sessions.heading")}</h1>
        <p>
          {t("sessions.signedInAs", { name })}{" "}
          <button
            type="button"
            className="linkish"
            onClick={() => void authClient.signOut().then(() => reconnectSocket())}
          >
            {t("sessions.signOut")}
          </button>{" "}
          · <Link href="/teacher/lti">{t("sessions.connectLti")}</Link>
        </p>
      </header>
      <form onSubmit={create} className="card join">
        <label>
          {homework ? t("sessions.titleAssignment") : t("sessions.titleSession")}
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={120}
            placeholder={
              homework ? t("sessions.placeholderAssignment") : t("sessions.placeholderSession")
            }
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={homework !== null}
            onChange={(e) => setHomework(e.target.checked ? newAssignmentDraft() : null)}
          />
          {t("sessions.homework")}
        </label>
        {homework && (
          <>
            <AssignmentFields value={homework} onChange={setHomework} />
            <label>
              {t("sessions.challenges")}
              <select value={from} onChange={(e) => setFrom(e.target.value)}>
                <option value="">{t("sessions.challengesLater")}</option>
                {(sessions ?? [])
                  .filter((s) => s.kind === "live")
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {t("sessions.challengesOf", { title: s.title })}
                    </option>
                  ))}
              </select>
            </label>
          </>
        )}
        <button type="submit">
          {homework ? t("sessions.createAssignment") : t("sessions.startSession")}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      {sessions === null ? (
        <p role="status">{t("sessions.loading")}</p>
      ) : (
        <ul className="sessions">
          {sessions.map((s) => (
            <li key={s.id}>
              <Link href={`/teacher/session/${s.id}`}>{s.title}</Link>{" "}
              <span className="tag">
                {s.status === "open"
                  ? t("sessions.open", { code: s.joinCode ?? "" })
                  : t("sessions.closed")}
              </span>{" "}
              {s.kind === "assignment" && s.dueAt && (
                <span className="tag">{t("sessions.due", { when: format.when(s.dueAt) })}</span>
              )}{" "}
              <span className="muted">{format.when(s.createdAt)}</span>
            </li>
          ))}
          {sessions.length === 0 && <li>{t("sessions.none")}</li>}
        </ul>
      )}
    </>
  );
}
