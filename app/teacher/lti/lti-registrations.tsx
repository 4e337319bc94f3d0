"use client";
/**
 * LTI 1.3 registration: the tool's URLs to paste into the learning platform, and the platform's
 * details it gives back (issuer, client id, deployment ids, and its auth, token and key URLs).
 */
import Link from "next/link";
import { useEffect, useState, useSyncExternalStore, type FormEvent } from "react";
import { authClient } from "../../_client/auth";

interface Platform {
  id: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authLoginUrl: string;
  authTokenUrl: string;
  jwksUrl: string;
  createdAt: string;
}

const EMPTY = {
  issuer: "",
  clientId: "",
  deploymentIds: "",
  authLoginUrl: "",
  authTokenUrl: "",
  jwksUrl: "",
};
type Draft = typeof EMPTY;

const FIELDS: { key: keyof Draft; label: string; hint: string }[] = [
  { key: "issuer", label: "Platform ID (issuer)", hint: "e.g. https://moodle.school.edu" },
  { key: "clientId", label: "Client ID", hint: "the ID the platform gave this tool" },
  { key: "deploymentIds", label: "Deployment IDs", hint: "one or more, separated by commas" },
  {
    key: "authLoginUrl",
    label: "Authentication request URL",
    hint: "Moodle: …/mod/lti/auth.php",
  },
  { key: "authTokenUrl", label: "Access token URL", hint: "Moodle: …/mod/lti/token.php" },
  { key: "jwksUrl", label: "Public keyset URL", hint: "Moodle: …/mod/lti/certs.php" },
];

export function LtiRegistrations() {
  const { data: auth, isPending } = authClient.useSession();
  const [platforms, setPlatforms] = useState<Platform[] | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  // The address this page was opened at is the one the platform reaches (set APP_URL behind a proxy).
  const origin = useSyncExternalStore(
    () => () => undefined,
    () => window.location.origin,
    () => "",
  );

  const load = () =>
    fetch("/api/lti/platforms")
      .then((r) => (r.ok ? (r.json() as Promise<Platform[]>) : []))
      .then(setPlatforms, () => setPlatforms([]));
  useEffect(() => {
    if (auth) void load();
  }, [auth]);

  if (isPending) return <p role="status">Loading…</p>;
  if (!auth)
    return (
      <p className="card narrow">
        <Link href="/teacher">Sign in as a teacher</Link> to connect a learning platform.
      </p>
    );

  async function register(event: FormEvent) {
    event.preventDefault();
    setErrors([]);
    setMessage(null);
    const res = await fetch("/api/lti/platforms", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        ...draft,
        deploymentIds: draft.deploymentIds
          .split(",")
          .map((d) => d.trim())
          .filter(Boolean),
      }),
    });
    if (res.ok) {
      setDraft(EMPTY);
      setMessage("Registered. Students can now launch the activities you add in the platform.");
      return load();
    }
    const body = (await res.json().catch(() => null)) as {
      error?: { message: string; issues?: { field: string; message: string }[] };
    } | null;
    setErrors(body?.error?.issues ?? []);
    setMessage(body?.error?.message ?? "That did not work.");
  }

  async function remove(id: string) {
    await fetch(`/api/lti/platforms/${id}`, { method: "DELETE" });
    await load();
  }

  const tool = [
    ["Tool URL / Target link URI / Redirection URI", `${origin}/lti/launch`],
    ["Initiate login URL (OpenID Connect)", `${origin}/lti/login`],
    ["Public keyset URL (JWKS)", `${origin}/lti/jwks`],
    ["Deep linking URL (Content selection)", `${origin}/lti/launch`],
  ] as const;

  return (
    <>
      <header className="class-header">
        <h1>Connect your learning platform (LTI 1.3)</h1>
        <p>
          <Link href="/teacher">Back to your classes</Link>
        </p>
      </header>
      <section className="card">
        <h2>1. Give the platform these</h2>
        <p className="muted">
          Register Vanishing Point as an LTI 1.3 external tool with deep linking and grade services
          (Assignment and Grade Services: scores and line items). Open it in a new window: it is not
          shown inside a frame.
        </p>
        <dl className="lti-urls">
          {tool.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                <code>{value}</code>
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <form className="card stack" onSubmit={register}>
        <h2>2. Enter what the platform gave you</h2>
        {FIELDS.map(({ key, label, hint }) => {
          const error = errors.find((e) => e.field === key || e.field.startsWith(`${key}.`));
          return (
            <label key={key}>
              {label}
              <input
                value={draft[key]}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
                required
                placeholder={hint}
                aria-invalid={error ? true : undefined}
              />
              {error && <span className="error">{error.message}</span>}
            </label>
          );
        })}
        <button type="submit">Register the platform</button>
        {message && (
          <p role={errors.length ? "alert" : "status"} className={errors.length ? "error" : ""}>
            {message}
          </p>
        )}
      </form>
      <section className="card">
        <h2>Registered platforms</h2>
        {platforms === null ? (
          <p role="status">Loading…</p>
        ) : platforms.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Issuer</th>
                <th>Client ID</th>
                <th>Deployments</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {platforms.map((p) => (
                <tr key={p.id}>
                  <td>{p.issuer}</td>
                  <td>{p.clientId}</td>
                  <td>{p.deploymentIds.join(", ")}</td>
                  <td>
                    <button type="button" className="secondary" onClick={() => void remove(p.id)}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
