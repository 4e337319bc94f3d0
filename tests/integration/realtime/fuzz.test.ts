/**
 * Property-based fuzzing of everything a client can send, seeded and reproducible (set FUZZ_SEED to
 * replay a run): over 10,000 malformed or unauthorised socket payloads across every event and role,
 * and raw HTTP requests with malformed request lines and headers. The server must stay up, answer
 * every acknowledged call with a typed error, answer every HTTP request, and change no row.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../../lib/protocol/errors";
import { payloads, type EventName } from "../../../lib/protocol/schemas";
import { rawRequest } from "../../support/raw-http";
import { baseConfig, SPEC, trainedRun } from "./fixtures";
import { client, ok, signUpTeacher, startServer, type Client, type TestServer } from "./harness";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const EVENTS = Object.keys(payloads) as EventName[];
/** Payloads per property run, sent concurrently. */
const BATCH = 50;

let server: TestServer;
const sockets: Client[] = [];
const roles: Record<"anonymous" | "student" | "teacher" | "otherTeacher", Client> = {} as never;
let ids: {
  sessionId: string;
  challengeId: string;
  runId: string;
  participantId: string;
  joinCode: string;
};
let valid: Record<EventName, unknown>;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

async function snapshot() {
  const p = server.app.database.prisma;
  return JSON.stringify({
    teachers: await p.teacher.count(),
    sessions: await p.classSession.findMany({ orderBy: { id: "asc" } }),
    challenges: await p.challenge.findMany({ orderBy: { id: "asc" } }),
    participants: await p.participant.findMany({ orderBy: { id: "asc" } }),
    runs: await p.run.findMany({
      orderBy: { id: "asc" },
      select: { id: true, status: true, score: true },
    }),
    predictions: await p.prediction.findMany({ orderBy: { id: "asc" } }),
    postChecks: await p.postCheck.findMany({ orderBy: { lockedAt: "asc" } }),
    sweepSlots: await p.sweepSlot.findMany({ orderBy: { id: "asc" } }),
  });
}

/** Sends one call and resolves with its acknowledgement (or "no answer" after 5 s). */
function send(socket: Client, event: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("no answer"), 5_000);
    (socket.emit as (e: string, ...a: unknown[]) => void)(event, payload, (answer: unknown) => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

const isTypedError = (answer: unknown) =>
  typeof answer === "object" &&
  answer !== null &&
  "error" in answer &&
  ERROR_CODES.includes((answer as { error: { code: never } }).error.code);

/** Strings a hostile client likes: lone surrogates, escapes, injection, huge and empty. */
const nastyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "\ud800",
    "a\udfff",
    "%E0%A4%A",
    "' OR 1=1 --",
    "<script>",
    "__proto__",
    "",
    " ",
    "\u0000",
  ),
  fc.string({ maxLength: 8 }).map((s) => s.repeat(500)),
);
/**
 * Field names. Not "__proto__": socket.io-client's own encoder can turn it into a prototype before
 * it reaches the wire, so the server never sees it (payloads.test.ts sends one that does arrive).
 */
const fieldName = fc
  .oneof(fc.string({ maxLength: 10 }), nastyString)
  .filter((k) => k !== "__proto__");
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 3,
    key: fieldName,
    withNullPrototype: true,
    withMap: false,
    withSet: false,
  }),
  nastyString,
  fc.constantFrom(null, undefined, true, -1, 0, 1e308, -1e308, 2 ** 53, 3.4e38),
  fc.uint8Array({ maxLength: 64 }),
  fc.array(fc.integer(), { maxLength: 5 }),
);

/** A valid payload with one field replaced, removed, or an extra one added (at any depth). */
function mutate(base: unknown): fc.Arbitrary<unknown> {
  if (typeof base !== "object" || base === null || base instanceof Uint8Array) return nastyValue;
  const record = base as Record<string, unknown>;
  const keys = Object.keys(record);
  const extra = fc
    .record({ key: fieldName, value: nastyValue })
    .map(({ key, value }) => ({ ...record, [key]: value }));
  if (keys.length === 0) return extra;
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    fc.record({ key, value: nastyValue }).map(({ key, value }) => ({ ...record, [key]: value })),
    key.map((k) => {
      const copy = { ...record };
      delete copy[k];
      return copy;
    }),
    extra,
    key.chain((k) => mutate(record[k]).map((value) => ({ ...record, [k]: value }))),
  );
}

/**
 * What the server receives of a value: Socket.IO sends JSON with binary attachments, so undefined
 * object fields vanish, undefined array items and non-finite numbers become null.
 */
function wire(value: unknown): unknown {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : wire(v)));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    // defineProperty: a "__proto__" key stays an own field, as JSON.parse makes it on the server.
    for (const [k, v] of Object.entries(value))
      if (v !== undefined)
        Object.defineProperty(out, k, {
          value: wire(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    return out;
  }
  return value;
}

/** Payloads the event's schema refuses: the server must answer BAD_REQUEST and change nothing. */
const malformed = fc
  .constantFrom(...EVENTS)
  .chain((event) =>
    fc.record({
      event: fc.constant(event),
      payload: fc.oneof(mutate(valid[event]), nastyValue).map(wire),
    }),
  )
  .filter(
    ({ event, payload }) => payload !== undefined && !payloads[event].safeParse(payload).success,
  );

/** Well-formed payloads sent by a role that may not make them: a typed refusal, no change. */
function unauthorised(): fc.Arbitrary<{
  role: keyof typeof roles;
  event: EventName;
  payload: unknown;
}> {
  const teacherEvents = EVENTS.filter(
    (e) =>
      ![
        "session:peek",
        "participant:join",
        "participant:rejoin",
        "run:submit",
        "run:list",
        "leaderboard:get",
        "prediction:save",
        "postcheck:save",
        "sweep:claim",
      ].includes(e),
  );
  const studentEvents: EventName[] = [
    "run:submit",
    "run:list",
    "leaderboard:get",
    "prediction:save",
    "postcheck:save",
    "sweep:claim",
  ];
  return fc.oneof(
    // Nobody but the owner may act on the session, even with its real ids.
    fc
      .record({
        role: fc.constantFrom("anonymous" as const, "student" as const, "otherTeacher" as const),
        event: fc.constantFrom(
          ...teacherEvents.filter((e) => !["session:create", "session:list"].includes(e)),
        ),
      })
      // The student who ran a run may read its telemetry.
      .filter((c) => !(c.role === "student" && c.event === "run:telemetry"))
      .map((c) => ({ ...c, payload: valid[c.event] })),
    // Only a signed-in teacher creates or lists sessions.
    fc
      .record({
        role: fc.constantFrom("anonymous" as const, "student" as const),
        event: fc.constantFrom<EventName>("session:create", "session:list"),
      })
      .map((c) => ({ ...c, payload: valid[c.event] })),
    // Only a joined student submits or reads runs.
    fc
      .record({
        role: fc.constantFrom("anonymous" as const, "otherTeacher" as const),
        event: fc.constantFrom(...studentEvents),
      })
      .map((c) => ({
        ...c,
        payload: {
          ...(valid[c.event] as object),
          ...(c.event === "run:submit" ? { clientRunId: randomUUID() } : {}),
        },
      })),
    // Wrong codes and tokens from anyone.
    fc.record({
      role: fc.constantFrom(...(Object.keys(roles) as (keyof typeof roles)[])),
      event: fc.constant<EventName>("participant:rejoin"),
      payload: fc.stringMatching(/^[A-Za-z0-9_-]{20,60}$/).map((rejoinToken) => ({ rejoinToken })),
    }),
  );
}

beforeAll(async () => {
  server = await startServer("sqlite", { leaderboardFlushMs: 20 });
  process.on("unhandledRejection", onRejection);
  const open = async (cookie?: string) => {
    const s = await client(server.url, cookie ? { cookie } : {});
    sockets.push(s);
    return s;
  };
  roles.teacher = await open(await signUpTeacher(server.url, "fuzz-a@school.test"));
  roles.otherTeacher = await open(await signUpTeacher(server.url, "fuzz-b@school.test"));
  roles.anonymous = await open();
  roles.student = await open();
  const session = await ok(roles.teacher, "session:create", { title: "Fuzzed" });
  const challengeId = (
    await ok(roles.teacher, "challenge:post", { sessionId: session.id, title: "C", spec: SPEC })
  ).id;
  await ok(roles.teacher, "challenge:transition", { challengeId, action: "open" });
  const joined = await ok(roles.student, "participant:join", {
    joinCode: session.joinCode!,
    nickname: "Fuzz",
  });
  const run = await trainedRun(challengeId, baseConfig());
  const stored = await ok(roles.student, "run:submit", run);
  await server.app.verifier.idle();
  ids = {
    sessionId: session.id,
    challengeId,
    runId: stored.id,
    participantId: joined.participant.id,
    joinCode: session.joinCode!,
  };
  valid = {
    "session:create": { title: "A class" },
    "session:list": {},
    "session:close": { sessionId: ids.sessionId },
    "session:watch": { sessionId: ids.sessionId },
    "session:configure": { sessionId: ids.sessionId, hideNames: false },
    "challenge:post": { sessionId: ids.sessionId, title: "T", spec: SPEC },
    "challenge:transition": { challengeId: ids.challengeId, action: "lock" },
    "challenge:reveal": { challengeId: ids.challengeId },
    "participant:remove": { participantId: ids.participantId },
    "participant:admit": { participantId: ids.participantId },
    "session:peek": { joinCode: ids.joinCode },
    "participant:join": { joinCode: ids.joinCode, nickname: "Newcomer" },
    "participant:rejoin": { rejoinToken: joined.rejoinToken },
    "run:submit": { ...run, clientRunId: randomUUID() },
    "run:list": { challengeId: ids.challengeId },
    "run:telemetry": { runId: ids.runId },
    "leaderboard:get": { challengeId: ids.challengeId },
    "prediction:save": {
      challengeId: ids.challengeId,
      curve: [-3, -1, 0],
      verdict: "vanishing",
      accuracy: 0.5,
    },
    "postcheck:save": { challengeId: ids.challengeId, curve: [-3, -1, 0], verdict: "exploding" },
    "sweep:claim": { challengeId: ids.challengeId },
  };
  for (const event of EVENTS)
    expect(payloads[event].safeParse(valid[event]).success, event).toBe(true);
});

afterAll(async () => {
  process.off("unhandledRejection", onRejection);
  for (const s of sockets) s.disconnect();
  await server.close();
});

describe("fuzzing the socket protocol", () => {
  it("answers 10,000 malformed payloads over every event and role with BAD_REQUEST, changing nothing", async () => {
    const before = await snapshot();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            role: fc.constantFrom(...(Object.keys(roles) as (keyof typeof roles)[])),
            call: malformed,
          }),
          {
            minLength: BATCH,
            maxLength: BATCH,
          },
        ),
        async (calls) => {
          const answers = await Promise.all(
            calls.map((c) => send(roles[c.role], c.call.event, c.call.payload)),
          );
          sent += calls.length;
          for (const [i, answer] of answers.entries()) {
            const oversized =
              answers[i] !== null &&
              isTypedError(answer) &&
              (answer as { error: { code: string } }).error.code === "PAYLOAD_TOO_LARGE";
            if (!oversized)
              expect(answer, `${calls[i]!.role} ${calls[i]!.call.event}`).toMatchObject({
                error: { code: "BAD_REQUEST" },
              });
          }
        },
      ),
      { seed: SEED, numRuns: 200, endOnFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(10_000);
    for (const s of Object.values(roles)) expect(s.connected).toBe(true);
    expect(await snapshot()).toEqual(before);
    expect(rejections).toEqual([]);
  });

  it("refuses well-formed payloads from roles that may not send them, with a typed error", async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.array(unauthorised(), { minLength: 20, maxLength: 20 }),
        async (calls) => {
          const answers = await Promise.all(
            calls.map((c) => send(roles[c.role], c.event, c.payload)),
          );
          for (const [i, answer] of answers.entries()) {
            const c = calls[i]!;
            expect(isTypedError(answer), `${c.role} ${c.event} -> ${JSON.stringify(answer)}`).toBe(
              true,
            );
            expect((answer as { error: { code: string } }).error.code).not.toMatch(
              /INTERNAL|BAD_REQUEST/,
            );
          }
        },
      ),
      { seed: SEED, numRuns: 50, endOnFailure: true },
    );
    expect(await snapshot()).toEqual(before);
  });
});

describe("fuzzing the HTTP edge", () => {
  const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}$/);
  const target = fc.oneof(
    fc.constantFrom(
      "/",
      "*",
      "/api/auth/get-session",
      "/api/auth/sign-up/email",
      "/healthz",
      "/tfjs/x.wasm",
      "/api/sessions/x/runs.csv",
      "//evil",
      "http://x/",
    ),
    fc.webPath(),
    fc.string({ unit: "binary-ascii", maxLength: 60 }).map((s) => `/${s.replace(/[\s]/g, "")}`),
    fc.constantFrom("/class/%E0%A4%A", "/%", "/%%", "/a%ZZ", "/api/auth/%C0%AF"),
  );
  const headerValue = fc.oneof(
    fc.string({ unit: "binary-ascii", maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, "")),
    fc.constantFrom("a b", "[", "]", "1x", "https", "http, https", "::1", "[::1]:1", "évil", ""),
  );
  const request = fc.record({
    method: fc.oneof(
      fc.constantFrom(
        "GET",
        "POST",
        "HEAD",
        "OPTIONS",
        "TRACE",
        "CONNECT",
        "PUT",
        "DELETE",
        "PROPFIND",
      ),
      token,
    ),
    target,
    version: fc.constantFrom("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1 extra"),
    headers: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            "host",
            "x-forwarded-proto",
            "origin",
            "cookie",
            "content-length",
            "transfer-encoding",
            "x-request-id",
          ),
          token,
        ),
        headerValue,
      ),
      { maxLength: 5 },
    ),
    body: fc.option(fc.string({ maxLength: 60 })),
  });

  it("answers every malformed request line and header, never with a 5xx, and keeps serving", async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 10, maxLength: 10 }), async (reqs) => {
        const results = await Promise.all(
          reqs.map((r) => {
            const lines = [
              `${r.method} ${r.target} ${r.version}`,
              ...r.headers.map(([k, v]) => `${k}: ${v}`),
              "connection: close",
            ];
            return rawRequest(server.url, `${lines.join("\r\n")}\r\n\r\n${r.body ?? ""}`, 5_000);
          }),
        );
        for (const [i, res] of results.entries()) {
          const r = reqs[i]!;
          const what = `${r.method} ${r.target} ${r.version} ${JSON.stringify(r.headers)}`;
          // An answer, or a connection Node's parser closed at once (also an answer: 400 and close).
          expect(res.status ?? 0, what).toBeLessThan(500);
          if (res.status !== null) answered++;
        }
      }),
      { seed: SEED, numRuns: 100, endOnFailure: true },
    );
    expect(answered).toBeGreaterThan(500);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(rejections).toEqual([]);
  });
});
