/**
 * The HTTP side of the server: the edge checks, the security headers and a request id on every
 * answer, then the routes. Whatever a route throws or rejects with is logged and answered 500; a
 * request never goes unanswered.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pinoHttp } from "pino-http";
import type { Logger } from "../log";
import {
  checkRequest,
  newNonce,
  SERVED_METHODS,
  securityHeaders,
  type SecurityOptions,
} from "./edge";

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
/** A route that declines requests it does not serve by resolving false. */
export type MaybeRoute = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface Routes {
  /** Tried in order; the first that takes the request answers it. */
  routes: MaybeRoute[];
  /** The Next.js pages: everything no route took (null: 404). */
  pages: Route | null;
}

/** A typed JSON error, the HTTP twin of a socket acknowledgement's error. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(body);
}

const REQUEST_ID = /^[\w.-]{8,64}$/;

/** Headers only a trusted proxy may set; from anyone else they are dropped at the edge. */
const PROXY_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto"] as const;

export function createRequestHandler(
  { routes, pages }: Routes,
  options: { logger: Logger; security: SecurityOptions; trustProxy: number },
) {
  const httpLog = pinoHttp({
    logger: options.logger,
    // A proxy's request id is kept when it looks like one; otherwise a fresh one.
    genReqId: (req, res) => {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader("x-request-id", id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url?.startsWith("/_next/") ?? false },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "debug",
  });

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rejected = checkRequest(req);
    if (rejected) {
      sendError(res, rejected.status, "BAD_REQUEST", rejected.message, {
        ...(rejected.status === 405 ? { allow: SERVED_METHODS.join(", ") } : {}),
        connection: "close",
      });
      return;
    }
    if (options.trustProxy === 0) for (const name of PROXY_HEADERS) delete req.headers[name];
    for (const route of routes) if (await route(req, res)) return;
    if (pages) return pages(req, res);
    sendError(res, 404, "NOT_FOUND", "no such page");
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    httpLog(req, res);
    const nonce = newNonce();
    const headers = securityHeaders(nonce, options.security);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Next.js takes the page's nonce from the request's policy and puts it on its own scripts.
    req.headers["content-security-policy"] = headers["content-security-policy"];
    dispatch(req, res).catch((error: unknown) => {
      req.log.error({ err: error }, "request failed");
      if (!res.headersSent) sendError(res, 500, "INTERNAL", "something went wrong on the server");
      else res.destroy();
    });
  };
}
