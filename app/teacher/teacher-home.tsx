"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import type { SessionView } from "../../lib/protocol/views";
import { authClient } from "../_client/auth";
import { formatWhen } from "../_client/format";
import { reconnectSocket, request, RequestError } from "../_client/socket";
import {
  AssignmentFields,
  newAssignmentDraft,
  settingsOf,
  type AssignmentDraft,
} from "./assignment-fields";

export function TeacherHome() {
  const { data: auth, isPending } = authClient.useSession();
  if (isPending) return <p role="status">Loading…</p>;
  return auth ? <Sessions name={auth.user.name} /> : <SignIn />;
}

function SignIn() {
  const [mode, setMode] = useState<"sign-in" | "sign-up">("sign-in");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const result =
      mode === "sign-up"
        ? await authClient.signUp.email({ name, email, password })
        : await authClient.signIn.email({ email, password });
    if (result.error) setError(result.error.message ?? "That did not work.");
    else reconnectSocket();
  }

  return (
    <section className="card narrow">
      <h1>{mode === "sign-up" ? "Create a teacher account" : "Teacher sign in"}</h1>
      <form onSubmit={submit} className="stack">
        {mode === "sign-up" && (
          <label>
            Name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              autoComplete="name"
            />
          </label>
        )}
        <label>
          Email
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoComplete="email"
          />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={8}
            autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          />
        </label>
        <button type="submit">{mode === "sign-up" ? "Create account" : "Sign in"}</button>
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
        {mode === "sign-up" ? "I have an account: sign in" : "New here? Create an account"}
      </button>
    </section>
  );
}

function Sessions({ name }: { name: string }) {
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
      setError(e instanceof RequestError ? e.error.message : "The class server did not answer.");
    }
  }

  return (
    <>
      <header className="class-header">
        <h1>Your classes</h1>
        <p>
          Signed in as {name}.{" "}
          <button
            type="button"
            className="linkish"
            onClick={() => void authClient.signOut().then(() => reconnectSocket())}
          >
            Sign out
          </button>{" "}
          · <Link href="/teacher/lti">Connect a learning platform (LTI)</Link>
        </p>
      </header>
      <form onSubmit={create} className="card join">
        <label>
          {homework ? "New assignment title" : "New session title"}
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={120}
            placeholder={homework ? "Homework: rescue a deep network" : "Period 3: deep networks"}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={homework !== null}
            onChange={(e) => setHomework(e.target.checked ? newAssignmentDraft() : null)}
          />
          Homework: students do it on their own between two dates
        </label>
        {homework && (
          <>
            <AssignmentFields value={homework} onChange={setHomework} />
            <label>
              Challenges
              <select value={from} onChange={(e) => setFrom(e.target.value)}>
                <option value="">Post them after creating it</option>
                {(sessions ?? [])
                  .filter((s) => s.kind === "live")
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      The challenges of {s.title}
                    </option>
                  ))}
              </select>
            </label>
          </>
        )}
        <button type="submit">{homework ? "Create the assignment" : "Start a session"}</button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      {sessions === null ? (
        <p role="status">Loading sessions…</p>
      ) : (
        <ul className="sessions">
          {sessions.map((s) => (
            <li key={s.id}>
              <Link href={`/teacher/session/${s.id}`}>{s.title}</Link>{" "}
              <span className="tag">{s.status === "open" ? `open · ${s.joinCode}` : "closed"}</span>{" "}
              {s.kind === "assignment" && s.dueAt && (
                <span className="tag">homework · due {formatWhen(s.dueAt)}</span>
              )}{" "}
              <span className="muted">{new Date(s.createdAt).toLocaleString()}</span>
            </li>
          ))}
          {sessions.length === 0 && <li>No sessions yet.</li>}
        </ul>
      )}
    </>
  );
}
