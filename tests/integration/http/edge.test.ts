/**
 * The HTTP edge: every request gets an answer, malformed ones a 400 or 405, nothing escapes as an
 * unhandled rejection, and every answer carries the security headers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawGet, rawRequest, type RawResponse } from "../../support/raw-http";
import { startServer, type TestServer } from "../realtime/harness";
import { spawnServer, type ServerProcess } from "../process/spawn";
import { throwawayDatabase, type Throwaway } from "../db/throwaway";

/** Requests that once hung the server or answered 500, and what each must get instead. */
const HOSTILE: {
  name: string;
  target: string;
  headers?: Record<string, string>;
  method?: string;
  status: number;
}[] = [
  {
    name: "a Host with a space",
    target: "/api/auth/get-session",
    headers: { host: "a b" },
    status: 400,
  },
  {
    name: "a Host that is a lone bracket",
    target: "/api/auth/get-session",
    headers: { host: "[" },
    status: 400,
  },
  {
    name: "a Host with a path in it",
    target: "/api/auth/ok",
    headers: { host: "a/b" },
    status: 400,
  },
  {
    name: "a bad X-Forwarded-Proto",
    target: "/api/auth/get-session",
    headers: { "x-forwarded-proto": "1x" },
    status: 400,
  },
  { name: "the TRACE method", target: "/", method: "TRACE", status: 405 },
  {
    name: "the TRACE method on the auth routes",
    target: "/api/auth/get-session",
    method: "TRACE",
    status: 405,
  },
  { name: "an asterisk target", target: "*", status: 400 },
  {
    name: "an absolute-form target to elsewhere",
    target: "http://evil.test/api/auth/ok",
    status: 400,
  },
  { name: "a broken percent escape", target: "/class/%E0%A4%A", status: 400 },
  {
    name: "a broken escape on the export route",
    target: "/api/sessions/%E0%A4%A/runs.csv",
    status: 400,
  },
  { name: "a broken escape on the auth route", target: "/api/auth/%E0%A4%A", status: 400 },
];

function expectSecurityHeaders(res: RawResponse) {
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  expect(res.headers["x-frame-options"]).toBe("DENY");
  expect(res.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  const csp = res.headers["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(res.headers["x-request-id"]).toMatch(/^[\w.-]{8,64}$/);
}

describe("the HTTP edge, in process", () => {
  let server: TestServer;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    server = await startServer("sqlite");
    process.on("unhandledRejection", onRejection);
  });
  afterAll(async () => {
    process.off("unhandledRejection", onRejection);
    await server.close();
  });

  for (const c of HOSTILE) {
    it(`answers ${c.name} with ${c.status}`, async () => {
      const res = await rawGet(server.url, c.target, c.headers, c.method);
      expect(res.status).toBe(c.status);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: expect.any(String) } });
      expectSecurityHeaders(res);
      if (c.status === 405) expect(res.headers.allow).toContain("GET");
    });
  }

  it("puts Socket.IO's own endpoint behind the edge: polling and upgrades alike", async () => {
    const polling = "/socket.io/?EIO=4&transport=polling";
    for (const [name, target, headers] of [
      ["a Host with a space", polling, { host: "a b" }],
      ["a bad X-Forwarded-Proto", polling, { "x-forwarded-proto": "1x" }],
      ["a broken escape", "/socket.io/%E0%A4%A?EIO=4&transport=polling", {}],
    ] as const) {
      const res = await rawGet(server.url, target, headers);
      expect(res.status, name).toBe(400);
      expect(res.body, name).not.toContain("sid");
      expectSecurityHeaders(res);
      const upgrade = await rawRequest(
        server.url,
        `GET ${target.replace("polling", "websocket")} HTTP/1.1\r\nHost: ${"host" in headers ? headers.host : "127.0.0.1"}\r\n${"x-forwarded-proto" in headers ? `X-Forwarded-Proto: ${headers["x-forwarded-proto"]}\r\n` : ""}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
      expect(upgrade.status, `${name} (upgrade)`).toBe(400);
    }
    // A well-formed handshake still opens a session.
    const ok = await rawGet(server.url, polling);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("sid");
  });

  it("let no request escape as an unhandled rejection", async () => {
    await new Promise((r) => setTimeout(r, 200));
    expect(rejections).toEqual([]);
  });

  it("puts the security headers on the auth routes, exports, health and unknown paths", async () => {
    for (const target of [
      "/api/auth/get-session",
      "/api/sessions/nope/runs.csv",
      "/healthz",
      "/nowhere",
    ]) {
      const res = await rawGet(server.url, target);
      expect(res.status, target).not.toBeNull();
      expectSecurityHeaders(res);
    }
  });

  it("reports health: the database and the verifier's queue", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      checks: { database: { ok: true }, verifier: { ok: true, queued: 0 } },
    });
  });
});

describe("the HTTP edge, as its own process without the pages", () => {
  let db: Throwaway;
  let node: ServerProcess;

  beforeAll(async () => {
    db = await throwawayDatabase("sqlite");
    node = await spawnServer({
      DATABASE_URL: db.url,
      BETTER_AUTH_SECRET: "edge-test-secret-of-at-least-32-characters",
    });
  });
  afterAll(async () => {
    await node?.kill("SIGTERM");
    await db?.drop();
  });

  it("still exits with code 1 on a broken configuration at start-up", async () => {
    await expect(spawnServer({ DATABASE_URL: "mysql://nowhere/db" })).rejects.toThrow(
      /exited with 1/,
    );
  });

  it("answers every hostile request and keeps serving", async () => {
    for (const c of HOSTILE) {
      const res = await rawGet(node.url, c.target, c.headers, c.method);
      expect(res.status, `${c.name}\n${node.output()}`).toBe(c.status);
    }
    expect(node.child.exitCode).toBeNull();
    const health = await fetch(`${node.url}/healthz`);
    expect(health.status).toBe(200);
    expect(node.output()).not.toMatch(/unhandled/i);
  });
});
