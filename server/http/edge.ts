/**
 * What every HTTP request passes before any handler sees it, and the headers every answer carries.
 *
 * A request is answered 405 when its method is not one the app serves, and 400 when its target is
 * not a path (`*`, absolute-form), its path has a broken percent escape, its Host is not a host, or
 * X-Forwarded-Proto is not http or https. Handlers behind the edge (the auth library builds a URL
 * from Host and X-Forwarded-Proto) can then rely on them.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export interface EdgeRejection {
  status: 400 | 405;
  message: string;
}

/** host, host:port, IPv4, or a bracketed IPv6 literal, with an optional port. */
function isHost(value: string): boolean {
  if (value.length === 0 || value.length > 255) return false;
  try {
    return new URL(`http://${value}`).host === value.toLowerCase().replace(/:80$/, "");
  } catch {
    return false;
  }
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export function checkRequest(req: IncomingMessage): EdgeRejection | null {
  const method = req.method ?? "";
  if (!(SERVED_METHODS as readonly string[]).includes(method))
    return { status: 405, message: `the ${method || "empty"} method is not served` };
  const target = req.url ?? "";
  if (!target.startsWith("/") || target.startsWith("//"))
    return { status: 400, message: "the request target must be a path" };
  const path = target.split("?")[0]!;
  if (!decodes(path)) return { status: 400, message: "the path has a broken percent escape" };
  const host = req.headers.host;
  if (host !== undefined && !isHost(host))
    return { status: 400, message: "the Host header is not a host" };
  const proto = req.headers["x-forwarded-proto"];
  if (
    proto !== undefined &&
    !String(proto)
      .split(",")
      .every((p) => /^https?$/i.test(p.trim()))
  )
    return { status: 400, message: "X-Forwarded-Proto must be http or https" };
  return null;
}

export interface SecurityOptions {
  /** Development builds need eval for hot reloading. */
  dev: boolean;
  /** Served over HTTPS: adds Strict-Transport-Security. */
  https: boolean;
}

/** A fresh nonce per page: Next.js reads it from the request's policy and puts it on its scripts. */
export const newNonce = () => randomBytes(16).toString("base64");

/**
 * The app's Content-Security-Policy: scripts from the app itself or carrying the page's nonce, and
 * WebAssembly compilation (tfjs's WASM backend); workers from the app or blob: (the threaded WASM
 * build spawns blob workers); WebGL needs nothing; sockets to the app's own origin; no framing.
 */
export function contentSecurityPolicy(nonce: string, options: SecurityOptions): string {
  // blob: for the threads of tfjs's multi-threaded WASM build: its thread workers load the
  // module from a blob URL made by the app's own script.
  const script = ["'self'", `'nonce-${nonce}'`, "'wasm-unsafe-eval'", "blob:"];
  if (options.dev) script.push("'unsafe-eval'");
  return [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    // React and the chart libraries set style attributes; no script can come from a style.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The headers on every answer, pages and API alike. */
export function securityHeaders(nonce: string, options: SecurityOptions): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(nonce, options),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    // Cross-origin isolated (with COOP): SharedArrayBuffer, so tfjs's WASM backend runs its
    // multi-threaded build. Every resource the app loads is its own.
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-embedder-policy": "require-corp",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    ...(options.https ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}
