/**
 * A teacher's LTI platform registrations, and where their students' grades stand:
 *
 *   GET    /api/lti/platforms               the teacher's registrations
 *   POST   /api/lti/platforms               registers one (JSON, platformInputSchema)
 *   DELETE /api/lti/platforms/:id           removes one
 *   GET    /api/sessions/:id/lti-grades.json each launched student's grade passback state
 *
 * Authorised by the teacher's session cookie; writes also need a JSON body from a trusted origin.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { fromNodeHeaders } from "better-auth/node";
import { platformInputSchema } from "../../lib/lti/claims";
import type { Auth } from "../auth";
import type { OriginPolicy } from "../http/origins";
import { sendError, type MaybeRoute } from "../http/router";
import type { Repositories } from "../repositories";
import { PlatformTakenError } from "../repositories/lti";

const MAX_BODY_BYTES = 16 * 1024;
const PLATFORM = /^\/api\/lti\/platforms(?:\/([A-Za-z0-9_-]{1,64}))?$/;
const GRADES = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/lti-grades\.json$/;

function json(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RangeError("too large");
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
}

export function registrationRoutes(deps: {
  repos: Repositories;
  auth: Auth;
  origins: OriginPolicy;
  /** LTI_ALLOW_HTTP: platform URLs may be plain http beyond loopback. */
  allowHttp?: boolean;
}): MaybeRoute {
  const { repos } = deps;
  const registration = platformInputSchema(deps.allowHttp ?? false);
  return async (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const platform = PLATFORM.exec(path);
    const grades = GRADES.exec(path);
    if (!platform && !grades) return false;
    const session = await deps.auth.api
      .getSession({ headers: fromNodeHeaders(req.headers) })
      .catch(() => null);
    if (!session) {
      sendError(res, 401, "UNAUTHENTICATED", "sign in as a teacher first");
      return true;
    }
    const teacherId = session.user.id;
    if (grades) {
      const owned = await repos.sessions.findById(grades[1]!);
      if (req.method !== "GET") sendError(res, 405, "BAD_REQUEST", "read with GET");
      else if (!owned || owned.teacherId !== teacherId)
        sendError(res, 404, "NOT_FOUND", "no such session of yours");
      else {
        const [links, participants] = await Promise.all([
          repos.lti.listLinks(owned.id),
          repos.participants.listBySession(owned.id),
        ]);
        const nickname = new Map(participants.map((p) => [p.id, p.nickname]));
        json(
          res,
          200,
          links.map((l) => ({
            participantId: l.participantId,
            nickname: nickname.get(l.participantId) ?? "",
            gradeState: l.gradeState,
            gradeWanted: l.gradeWanted,
            gradeSent: l.gradeSent,
            attempts: l.attempts,
            lastError: l.lastError,
            nextTryAt: l.nextTryAt?.toISOString() ?? null,
            updatedAt: l.updatedAt.toISOString(),
            hasLineItem: l.lineItemUrl !== null,
          })),
        );
      }
      return true;
    }
    const id = platform![1];
    if (req.method !== "GET") {
      const origin = req.headers.origin;
      if (!origin || !deps.origins.isTrusted(origin, req.headers)) {
        sendError(res, 403, "FORBIDDEN", "this request must come from the app's own pages");
        return true;
      }
    }
    if (req.method === "GET" && !id) {
      json(res, 200, await repos.lti.listPlatforms(teacherId));
    } else if (req.method === "POST" && !id) {
      if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
        sendError(res, 415, "BAD_REQUEST", "send the registration as JSON");
        return true;
      }
      let body: unknown;
      try {
        body = await readJson(req);
      } catch (error) {
        const large = error instanceof RangeError;
        sendError(res, large ? 413 : 400, "BAD_REQUEST", large ? "too large" : "not JSON");
        return true;
      }
      const parsed = registration.safeParse(body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({
          field: i.path.join("."),
          message: i.message,
        }));
        const text = JSON.stringify({
          error: { code: "BAD_REQUEST", message: "the registration is not valid", issues },
        });
        res.writeHead(400, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(text);
        return true;
      }
      try {
        const ids = [...new Set(parsed.data.deploymentIds)];
        json(
          res,
          201,
          await repos.lti.createPlatform(teacherId, { ...parsed.data, deploymentIds: ids }),
        );
      } catch (error) {
        if (!(error instanceof PlatformTakenError)) throw error;
        sendError(res, 409, "CONFLICT", "this issuer and client id are already registered");
      }
    } else if (req.method === "DELETE" && id) {
      if (await repos.lti.removePlatform(teacherId, id)) json(res, 200, { removed: id });
      else sendError(res, 404, "NOT_FOUND", "no such registration of yours");
    } else sendError(res, 405, "BAD_REQUEST", "not served");
    return true;
  };
}
