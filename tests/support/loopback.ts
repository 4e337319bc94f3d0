/**
 * Tests and benchmarks send traffic to loopback only. The end-to-end suite reaches the app at a
 * name, CLASSROOM_HOST, that Chromium resolves to 127.0.0.1 (`--host-resolver-rules`): the origin
 * is neither localhost nor 127.0.0.1, so the page is not a secure context, as on a classroom's
 * plain-http Wi-Fi, and the join link is not localhost, while every packet stays on this machine.
 * Node-side helpers (sign-up, socket peers) connect to 127.0.0.1 and send the name as the Host.
 */
export const CLASSROOM_HOST = "classroom.test";

/**
 * Chromium's flag mapping every *.test name onto loopback: CLASSROOM_HOST, and others a test uses
 * as a name that is not the app's own.
 */
export const CLASSROOM_RESOLVER_RULE = "--host-resolver-rules=MAP *.test 127.0.0.1";

/** Where a Node helper connects for `url`, and the Host it sends (the name the browser used). */
export function viaLoopback(url: string): { url: string; host: string | undefined } {
  const u = new URL(url);
  if (u.hostname !== CLASSROOM_HOST) return { url, host: undefined };
  return {
    url: `${u.protocol}//127.0.0.1${u.port ? `:${u.port}` : ""}${u.pathname === "/" ? "" : u.pathname}`,
    host: u.host,
  };
}
