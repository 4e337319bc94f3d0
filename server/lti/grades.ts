/**
 * Grade passback (LTI Assignment and Grade Services 2.0): a launched student's grade for the
 * session (the mean of each challenge's points out of 100, as the gradebook CSV counts them) goes
 * to the line item their launch named, whenever their best verified score changes.
 *
 * What is to be sent is stored first (LtiLink.gradeWanted, state "pending"), so a grade survives a
 * restart and a platform that is down; a sender on each node posts what is due: an access token
 * from the platform's OAuth 2 endpoint (client-credentials grant with a client assertion signed by
 * the tool's key, RFC 7523), then the score. A 5xx, a 429 or a network failure is retried with
 * exponential backoff; a 4xx is a failure the teacher sees with its reason.
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { gradeOf, POINTS_POSSIBLE } from "../../lib/challenges/grading";
import { AGS_SCOPES, scoreBody, scoresUrl } from "../../lib/lti/claims";
import type { Logger } from "../log";
import type { Repositories } from "../repositories";
import type { LtiLinkRecord, PlatformRecord } from "../repositories/lti";
import { LTI_ALG, type LtiKeys } from "./keys";

export interface GradeOptions {
  /** The first retry's delay; each next one doubles, up to maxDelayMs. */
  retryBaseMs?: number;
  maxDelayMs?: number;
  /** Tries before a grade is marked failed. */
  maxAttempts?: number;
  /** How often each node looks for grades due (besides right after a change). */
  pollMs?: number;
}

export interface GradeSender {
  /** A student's best may have changed: their grade is recomputed and, when new, sent. */
  changed(participantId: string): Promise<void>;
  /** Sends what is due now (the poll does this; tests call it to wait for a send). */
  flush(): Promise<void>;
  close(): void;
}

class SendError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const SCORE_TYPE = "application/vnd.ims.lis.v1.score+json";
const FETCH_TIMEOUT_MS = 10_000;

export function createGradeSender(deps: {
  repos: Repositories;
  keys: LtiKeys;
  logger: Logger;
  options?: GradeOptions;
  fetch?: typeof fetch;
}): GradeSender {
  const { repos, keys, logger } = deps;
  const doFetch = deps.fetch ?? fetch;
  const base = deps.options?.retryBaseMs ?? 5_000;
  const maxDelay = deps.options?.maxDelayMs ?? 60 * 60_000;
  const maxAttempts = deps.options?.maxAttempts ?? 10;
  const tokens = new Map<string, { token: string; until: number }>();
  let flushing: Promise<void> | null = null;
  let again = false;

  async function grade(participantId: string, sessionId: string): Promise<number> {
    const challenges = (await repos.challenges.listBySession(sessionId)).filter(
      (c) => c.status !== "draft",
    );
    const best = await Promise.all(
      challenges.map(async (c) => {
        let top: number | null = null;
        for (const r of await repos.runs.listForParticipant(participantId, c.id))
          if (r.score !== null && (top === null || r.score > top)) top = r.score;
        return top;
      }),
    );
    return gradeOf(
      challenges.map((c) => c.spec.objective),
      best,
    ).grade;
  }

  async function post(url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (error) {
      throw new SendError(`could not reach ${new URL(url).host}: ${String(error)}`, true);
    }
  }

  const failure = (what: string, res: Response, body: string) =>
    new SendError(
      `${what} answered ${res.status}${body ? `: ${body.slice(0, 200)}` : ""}`,
      res.status >= 500 || res.status === 429 || res.status === 408,
    );

  async function accessToken(platform: PlatformRecord): Promise<string> {
    const cached = tokens.get(platform.id);
    if (cached && cached.until > Date.now()) return cached.token;
    const signing = await keys.signing();
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: LTI_ALG, kid: signing.kid, typ: "JWT" })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.authTokenUrl)
      .setIssuedAt()
      .setExpirationTime("5m")
      .setJti(randomUUID())
      .sign(signing.key);
    const res = await post(platform.authTokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: assertion,
        scope: [AGS_SCOPES.score, AGS_SCOPES.lineItem].join(" "),
      }).toString(),
    });
    const text = await res.text();
    if (!res.ok) throw failure("the token endpoint", res, text);
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new SendError("the token endpoint answered no JSON", true);
    }
    if (typeof body.access_token !== "string")
      throw new SendError("the token endpoint answered no access_token", false);
    const seconds = typeof body.expires_in === "number" ? body.expires_in : 3600;
    tokens.set(platform.id, {
      token: body.access_token,
      until: Date.now() + Math.max(0, seconds - 60) * 1000,
    });
    return body.access_token;
  }

  async function send(link: LtiLinkRecord): Promise<void> {
    const wanted = link.gradeWanted;
    if (wanted === null || !link.lineItemUrl) return;
    try {
      const platform = await repos.lti.findPlatform(link.platformId);
      if (!platform) throw new SendError("the platform's registration was removed", false);
      const token = await accessToken(platform);
      const res = await post(scoresUrl(link.lineItemUrl), {
        method: "POST",
        headers: { "content-type": SCORE_TYPE, authorization: `Bearer ${token}` },
        body: JSON.stringify(scoreBody(link.subject, wanted, POINTS_POSSIBLE, new Date())),
      });
      const text = await res.text();
      // A refused token is asked for again on the next try.
      if (res.status === 401) tokens.delete(platform.id);
      if (!res.ok) throw failure("the score service", res, text);
      await repos.lti.gradeSent(link.participantId, wanted);
      logger.info({ participantId: link.participantId, grade: wanted }, "grade sent to the LMS");
    } catch (error) {
      const retry = error instanceof SendError ? error.retry : true;
      const message = error instanceof Error ? error.message : String(error);
      const attempts = link.attempts + 1;
      const next =
        retry && attempts < maxAttempts
          ? new Date(Date.now() + Math.min(maxDelay, base * 2 ** (attempts - 1)))
          : null;
      await repos.lti.gradeFailed(link.participantId, message, next);
      logger.warn(
        { participantId: link.participantId, attempts, retryAt: next, err: message },
        "grade not sent",
      );
    }
  }

  async function flushOnce(): Promise<void> {
    for (;;) {
      const due = await repos.lti.dueGrades(new Date(), 20);
      if (due.length === 0) return;
      for (const link of due) await send(link);
      // What failed was rescheduled; only fresh work is picked up again now.
      if (due.length < 20) return;
    }
  }

  function flush(): Promise<void> {
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = (async () => {
      do {
        again = false;
        await flushOnce().catch((error: unknown) =>
          logger.error({ err: error }, "grade passback failed"),
        );
      } while (again);
    })().finally(() => (flushing = null));
    return flushing;
  }

  const timer = setInterval(() => void flush(), deps.options?.pollMs ?? 5_000);
  timer.unref();

  return {
    async changed(participantId) {
      const link = await repos.lti.linkOf(participantId);
      if (!link?.lineItemUrl) return;
      if (await repos.lti.wantGrade(participantId, await grade(participantId, link.sessionId)))
        void flush();
    },
    flush,
    close: () => clearInterval(timer),
  };
}
