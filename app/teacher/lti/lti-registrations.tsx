"use client";
/**
 * LTI 1.3 registration: the tool's URLs to paste into the learning platform, and the platform's
 * details it gives back (issuer, client id, deployment ids, and its auth, token and key URLs).
 */
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useState, useSyncExternalStore, type FormEvent } from "react";
import { authClient } from "../../_client/auth";
import { useErrorText } from "../../_client/error-text";

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

/** The platform's details, in the order its settings page lists them (words: lti.fields.KEY). */
const FIELDS: (keyof Draft)[] = [
  "issuer",
  "clientId",
  "deploymentIds",
  "authLoginUrl",
  "authTokenUrl",
  "jwksUrl",
];

/** The server's refusal of a registration: its code, and the fields it named. */
interface Refused {
  code: string;
  issues?: { field: string }[];
}

export function LtiRegistrations() {
  const t = useTranslations("lti");
  const errorText = useErrorText();
  const { data: auth, isPending } = authClient.useSession();
  const [platforms, setPlatforms] = useState<Platform[] | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<{ field: string }[]>([]);
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

  if (isPending) return <p role="status">{t("loading")}</p>;
  if (!auth) {
    const signInFirst = t.rich("signInFirst", {
      link: (chunks) => <Link href="/teacher">{chunks}</Link>,
    });
    return <p className="card narrow">{signInFirst}</p>;
  }

  /** A refused registration in words, from its code (never the server's English sentence). */
  const refusal = (error: Refused | undefined): string => {
    if (!error) return t("failed");
    if (error.code === "BAD_REQUEST" && error.issues) return t("invalid");
    if (error.code === "CONFLICT") return t("taken");
    return errorText.protocol({ code: error.code });
  };

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
      setMessage(t("registered"));
      return load();
    }
    const body = (await res.json().catch(() => null)) as { error?: Refused } | null;
    setErrors(body?.error?.issues ?? []);
    setMessage(refusal(body?.error));
  }

  async function remove(id: string) {
    await fetch(`/api/lti/platforms/${id}`, { method: "DELETE" });
    await load();
  }

  const tool = [
    [t("toolUrls.launch"), `${origin}/lti/launch`],
    [t("toolUrls.login"), `${origin}/lti/login`],
    [t("toolUrls.jwks"), `${origin}/lti/jwks`],
    [t("toolUrls.deepLinking"), `${origin}/lti/launch`],
  ] as const;

  return (
    <>
      <header className="class-header">
        <h1>{t("heading")}</h1>
        <p>
          <Link href="/teacher">{t("back")}</Link>
        </p>
      </header>
      <section className="card">
        <h2>{t("giveHeading")}</h2>
        <p className="muted">{t("giveText")}</p>
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
        <h2>{t("enterHeading")}</h2>
        {FIELDS.map((key) => {
          const error = errors.find((e) => e.field === key || e.field.startsWith(`${key}.`));
          return (
            <label key={key}>
              {t(`fields.${key}.label`)}
              <input
                value={draft[key]}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
                required
                placeholder={t(`fields.${key}.hint`)}
                aria-invalid={error ? true : undefined}
              />
              {error && <span className="error">{t(`fields.${key}.invalid`)}</span>}
            </label>
          );
        })}
        <button type="submit">{t("submit")}</button>
        {message && (
          <p role={errors.length ? "alert" : "status"} className={errors.length ? "error" : ""}>
            {message}
          </p>
        )}
      </form>
      <section className="card">
        <h2>{t("registeredHeading")}</h2>
        {platforms === null ? (
          <p role="status">{t("loading")}</p>
        ) : platforms.length === 0 ? (
          <p className="muted">{t("none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t("columns.issuer")}</th>
                <th>{t("columns.clientId")}</th>
                <th>{t("columns.deployments")}</th>
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
                      {t("remove")}
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
