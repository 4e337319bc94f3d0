/**
 * The LTI 1.3 tool's endpoints (1EdTech LTI Core 1.3, OIDC third-party login, Deep Linking 2.0):
 *
 *   GET  /lti/jwks       the tool's public keys (platforms check its grade and deep-link messages)
 *   GET|POST /lti/login  login initiation: a state and a nonce, then off to the platform's auth URL
 *   POST /lti/launch     the platform's id_token: signature (its JWKS), iss, aud, azp, exp/iat,
 *                        the state used once and its nonce; then a student lands in the lab under
 *                        their course name, a teacher in the dashboard, a deep-linking request in
 *                        the picker
 *   POST /lti/deep-link  the picked session, returned to the platform as a signed response
 *
 * A launch that fails a check answers a page saying which, never a stack trace.
 */
import { hkdfSync, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { z } from "zod";
import {
  CLAIMS,
  deepLinkingResponseClaims,
  displayName,
  isTeacherRole,
  launchClaimsSchema,
  linkedSession,
  nicknameFrom,
  type LaunchClaims,
} from "../../lib/lti/claims";
import { POINTS_POSSIBLE } from "../../lib/challenges/grading";
import type { AppLocale } from "../../lib/i18n/locales";
import { nicknameKey } from "../../lib/protocol/nickname-key";
import { MAX_NICKNAME_LENGTH } from "../../lib/protocol/schemas";
import type { OriginPolicy } from "../http/origins";
import type { MaybeRoute } from "../http/router";
import type { Logger } from "../log";
import type { Repositories } from "../repositories";
import { NicknameTakenError } from "../repositories/participants";
import { LOGIN_TTL_MS, type PlatformRecord } from "../repositories/lti";
import { hashToken } from "../realtime/student";
import { LTI_ALG, type LtiKeys } from "./keys";
import {
  launchLocale,
  pickerPage,
  refusalText,
  refusedPage,
  returnPage,
  type RefusalKey,
  type RefusalValues,
} from "./pages";

/** Form posts larger than this are refused (an id_token is a few KB). */
const MAX_FORM_BYTES = 64 * 1024;
/** Clock skew allowed on exp, iat and nbf. */
const CLOCK_TOLERANCE_S = 60;
/** How long the deep-linking picker's ticket stays good. */
const TICKET_TTL = "30m";
/** The launch's presentation (LTI Core 1.3 §5.4.4): its locale is the course's language. */
const LAUNCH_PRESENTATION = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation";

/** A refused request: its status and why, as a key of ltiPages.refusals (English in the log). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly key: RefusalKey,
    readonly values: RefusalValues = {},
  ) {
    super(refusalText("en", key, values));
  }
}

/** The language the launch is presented in, when the platform says (a tag such as "es-MX"). */
function presentationLocale(payload: JWTPayload): string | null {
  const presentation = payload[LAUNCH_PRESENTATION];
  if (typeof presentation !== "object" || presentation === null) return null;
  const locale = (presentation as { locale?: unknown }).locale;
  return typeof locale === "string" && locale.length <= 35 ? locale : null;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) throw new Refusal(400, "formPost");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Refusal(413, "tooLarge");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

const loginSchema = z.object({
  iss: z.string().min(1).max(255),
  login_hint: z.string().min(1).max(2048),
  target_link_uri: z.url().max(2048),
  lti_message_hint: z.string().max(4096).optional(),
  client_id: z.string().min(1).max(255).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
});

const ticketSchema = z.object({
  platformId: z.string(),
  deploymentId: z.string(),
  returnUrl: z.url(),
  data: z.string().optional(),
  /** The picker's language, for the page that returns the choice. */
  locale: z.string().max(35).optional(),
});

/** Why a token failed jose's checks, in words a teacher can act on. */
function tokenRefusal(error: unknown): Refusal {
  if (error instanceof errors.JWTExpired) return new Refusal(401, "expired");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return new Refusal(401, "wrongAudience");
    if (error.claim === "iss") return new Refusal(401, "wrongIssuer");
    return new Refusal(401, "invalidClaim", { claim: error.claim, reason: error.reason });
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSEAlgNotAllowed
  )
    return new Refusal(401, "signature");
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return new Refusal(502, "keysUnreadable");
  return new Refusal(502, "keysUnreadable");
}

/** The language a request's pages are in (a verified launch may change it midway). */
interface PageLanguage {
  locale: AppLocale;
}

export function ltiRoutes(deps: {
  repos: Repositories;
  keys: LtiKeys;
  origins: OriginPolicy;
  secret: string;
  logger: Logger;
  /** Signs an instructor in as the platform's teacher when it vouches for them: Set-Cookie headers. */
  signInTeacher?: (teacherId: string, email: string | undefined) => Promise<string[] | null>;
}): MaybeRoute {
  const { repos, keys, origins, logger } = deps;
  const ticketKey = new Uint8Array(
    hkdfSync("sha256", deps.secret, "vanishing-point", "lti deep-link tickets", 32),
  );
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const keySet = (url: string) => {
    let set = keySets.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, cooldownDuration: 10_000 });
      keySets.set(url, set);
    }
    return set;
  };
  const toolOrigin = (req: IncomingMessage) => {
    const origin = origins.addressed(req.headers);
    if (!origin) throw new Refusal(400, "noHost");
    return origin;
  };

  async function login(req: IncomingMessage, res: ServerResponse) {
    const params =
      req.method === "POST"
        ? await readForm(req)
        : new URL(req.url ?? "/", "http://x").searchParams;
    const parsed = loginSchema.safeParse(Object.fromEntries(params));
    if (!parsed.success) throw new Refusal(400, "loginIncomplete");
    const p = parsed.data;
    const origin = toolOrigin(req);
    if (new URL(p.target_link_uri).origin !== origin) throw new Refusal(400, "loginTarget");
    const platforms = await repos.lti.platformFor(p.iss, p.client_id);
    if (platforms.length === 0) throw new Refusal(403, "unknownPlatform");
    if (platforms.length > 1) throw new Refusal(400, "ambiguousPlatform");
    const platform = platforms[0]!;
    if (p.lti_deployment_id && !platform.deploymentIds.includes(p.lti_deployment_id))
      throw new Refusal(403, "loginDeployment");
    const state = randomBytes(24).toString("base64url");
    const nonce = randomBytes(24).toString("base64url");
    await repos.lti.startLogin(platform.id, state, nonce);
    const to = new URL(platform.authLoginUrl);
    const query: Record<string, string> = {
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: platform.clientId,
      redirect_uri: `${origin}/lti/launch`,
      login_hint: p.login_hint,
      state,
      nonce,
      ...(p.lti_message_hint ? { lti_message_hint: p.lti_message_hint } : {}),
    };
    for (const [k, v] of Object.entries(query)) to.searchParams.set(k, v);
    res.writeHead(302, { location: to.toString(), "cache-control": "no-store" });
    res.end();
  }

  /** The id_token checked against the platform that the state names. */
  async function verify(
    form: URLSearchParams,
  ): Promise<{ claims: LaunchClaims; platform: PlatformRecord; locale: string | null }> {
    const idToken = form.get("id_token");
    const state = form.get("state");
    const platformError = form.get("error");
    if (platformError)
      throw new Refusal(400, "notAuthenticated", { error: platformError.slice(0, 100) });
    if (!idToken || !state) throw new Refusal(400, "launchIncomplete");
    const login = await repos.lti.useLogin(state);
    if (!login) throw new Refusal(401, "stateUnknown", { minutes: LOGIN_TTL_MS / 60_000 });
    const platform = await repos.lti.findPlatform(login.platformId);
    if (!platform) throw new Refusal(403, "platformRemoved");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, keySet(platform.jwksUrl), {
        issuer: platform.issuer,
        audience: platform.clientId,
        algorithms: [LTI_ALG],
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ["exp", "iat", "nonce", "sub"],
      }));
    } catch (error) {
      throw tokenRefusal(error);
    }
    const parsed = launchClaimsSchema.safeParse(payload);
    if (!parsed.success)
      throw new Refusal(400, "notLti", {
        claims: parsed.error.issues
          .slice(0, 2)
          .map((i) => i.path.join(".").split("/").pop())
          .join(", "),
      });
    const claims = parsed.data;
    if (claims.nonce !== login.nonce) throw new Refusal(401, "nonce");
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== platform.clientId)
      throw new Refusal(401, "azp");
    if (!platform.deploymentIds.includes(claims[CLAIMS.deploymentId]))
      throw new Refusal(403, "deployment", { id: claims[CLAIMS.deploymentId] });
    return { claims, platform, locale: presentationLocale(payload) };
  }

  async function studentLaunch(
    res: ServerResponse,
    claims: LaunchClaims,
    platform: PlatformRecord,
    sessionId: string,
  ) {
    const existing = await repos.lti.findLink(platform.id, sessionId, claims.sub);
    let participantId = existing?.participantId ?? null;
    if (participantId) {
      const participant = await repos.participants.findById(participantId);
      if (participant?.removed) throw new Refusal(403, "removed");
    } else {
      participantId = await newParticipant(sessionId, displayName(claims));
    }
    const endpoint = claims[CLAIMS.endpoint];
    await repos.lti.saveLink({
      participantId,
      platformId: platform.id,
      sessionId,
      subject: claims.sub,
      lineItemUrl:
        endpoint?.lineitem && endpoint.scope.some((s) => s.endsWith("/scope/score"))
          ? endpoint.lineitem
          : null,
    });
    // A fresh rejoin token, handed to the class page in the fragment (never sent to a server,
    // never in a log); the page keeps it and clears the address bar.
    const token = randomBytes(32).toString("base64url");
    await repos.participants.newToken(participantId, hashToken(token));
    res.writeHead(303, {
      location: `/class/${sessionId}#rejoin=${token}`,
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    });
    res.end();
  }

  /** A student under their course name, made unique in the class with a number when needed. */
  async function newParticipant(sessionId: string, name: string): Promise<string> {
    const base = nicknameFrom(name, MAX_NICKNAME_LENGTH);
    for (let n = 1; n <= 50; n++) {
      const suffix = n === 1 ? "" : ` ${n}`;
      const nickname = `${base.slice(0, MAX_NICKNAME_LENGTH - suffix.length).trim()}${suffix}`;
      try {
        const created = await repos.participants.create({
          sessionId,
          nickname,
          nicknameKey: nicknameKey(nickname),
          rejoinTokenHash: hashToken(randomBytes(32).toString("base64url")),
          deviceKey: null,
          // The course let them in: no lobby.
          admitted: true,
        });
        return created.id;
      } catch (error) {
        if (!(error instanceof NicknameTakenError)) throw error;
      }
    }
    throw new Refusal(409, "noNickname");
  }

  async function deepLinkPicker(
    res: ServerResponse,
    locale: AppLocale,
    claims: LaunchClaims,
    platform: PlatformRecord,
  ) {
    const settings = claims[CLAIMS.deepLinkingSettings];
    if (!settings) throw new Refusal(400, "noDeepLinkingSettings");
    if (!settings.accept_types.includes("ltiResourceLink"))
      throw new Refusal(400, "noResourceLinks");
    const ticket = await new SignJWT({
      platformId: platform.id,
      deploymentId: claims[CLAIMS.deploymentId],
      returnUrl: settings.deep_link_return_url,
      ...(settings.data !== undefined ? { data: settings.data } : {}),
      locale,
    })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setExpirationTime(TICKET_TTL)
      .sign(ticketKey);
    const sessions = (await repos.sessions.listByTeacher(platform.teacherId)).filter(
      (s) => s.status === "open",
    );
    pickerPage(
      res,
      locale,
      ticket,
      sessions.map((s) => ({
        id: s.id,
        title: s.title,
        dueAt: s.kind === "assignment" ? s.dueAt : null,
      })),
    );
  }

  async function deepLinkReturn(req: IncomingMessage, res: ServerResponse, page: PageLanguage) {
    const form = await readForm(req);
    let ticket: z.infer<typeof ticketSchema>;
    try {
      const { payload } = await jwtVerify(form.get("ticket") ?? "", ticketKey, {
        algorithms: ["HS256"],
      });
      ticket = ticketSchema.parse(payload);
    } catch {
      throw new Refusal(401, "ticket");
    }
    page.locale = launchLocale(req, ticket.locale);
    const platform = await repos.lti.findPlatform(ticket.platformId);
    if (!platform) throw new Refusal(403, "platformRemoved");
    const session = await repos.sessions.findById(form.get("session") ?? "");
    if (!session || session.teacherId !== platform.teacherId) throw new Refusal(404, "noSuchClass");
    const signing = await keys.signing();
    const jwt = await new SignJWT(
      deepLinkingResponseClaims({
        clientId: platform.clientId,
        issuer: platform.issuer,
        deploymentId: ticket.deploymentId,
        data: ticket.data,
        launchUrl: `${toolOrigin(req)}/lti/launch`,
        session: { id: session.id, title: session.title, dueAt: session.dueAt },
        scoreMaximum: POINTS_POSSIBLE,
        nonce: randomBytes(16).toString("base64url"),
      }),
    )
      .setProtectedHeader({ alg: LTI_ALG, kid: signing.kid, typ: "JWT" })
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(signing.key);
    returnPage(res, page.locale, ticket.returnUrl, jwt, session.title);
  }

  async function launch(req: IncomingMessage, res: ServerResponse, page: PageLanguage) {
    const { claims, platform, locale } = await verify(await readForm(req));
    page.locale = launchLocale(req, locale);
    const teacher = isTeacherRole(claims[CLAIMS.roles]);
    if (claims[CLAIMS.messageType] === "LtiDeepLinkingRequest") {
      if (!teacher) throw new Refusal(403, "teacherOnly");
      return deepLinkPicker(res, page.locale, claims, platform);
    }
    const sessionId = linkedSession(claims);
    const session = sessionId ? await repos.sessions.findById(sessionId) : null;
    const ours = session !== null && session.teacherId === platform.teacherId;
    if (teacher) {
      const cookies = await deps.signInTeacher?.(platform.teacherId, claims.email);
      res.writeHead(303, {
        location: ours ? `/teacher/session/${session.id}` : "/teacher",
        "cache-control": "no-store",
        ...(cookies ? { "set-cookie": cookies } : {}),
      });
      return res.end();
    }
    if (!ours) throw new Refusal(404, "notLinked");
    if (session.status === "closed") throw new Refusal(403, "ended");
    return studentLaunch(res, claims, platform, session.id);
  }

  return async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    // The refusal page's language: the request's, until a verified launch says its own.
    const page: PageLanguage = { locale: launchLocale(req) };
    try {
      if (path === "/lti/jwks" && (req.method === "GET" || req.method === "HEAD")) {
        const body = JSON.stringify(await keys.jwks());
        res.writeHead(200, {
          "content-type": "application/json",
          "cache-control": "public, max-age=300",
          // Platforms fetch it from their servers; a browser may read it from anywhere.
          "access-control-allow-origin": "*",
        });
        res.end(req.method === "HEAD" ? undefined : body);
      } else if (path === "/lti/login" && (req.method === "GET" || req.method === "POST")) {
        await login(req, res);
      } else if (path === "/lti/launch" && req.method === "POST") {
        await launch(req, res, page);
      } else if (path === "/lti/deep-link" && req.method === "POST") {
        await deepLinkReturn(req, res, page);
      } else if (path?.startsWith("/lti/")) {
        refusedPage(res, page.locale, 405, { key: "notServed" });
      } else return false;
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      logger.warn({ status: error.status, reason: error.message, path }, "LTI request refused");
      refusedPage(res, page.locale, error.status, error);
    }
    return true;
  };
}
