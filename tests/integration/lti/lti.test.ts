/**
 * The LTI 1.3 tool against a platform written in the tests to the specifications (its own keys,
 * JWKS, auth, token and score endpoints): launches as a student and a teacher; tampered, expired,
 * replayed, misaddressed and misdeployed launches refused with a page saying why and changing
 * nothing; the deep-linking round trip; grade passback through AGS with its retry after a 5xx.
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAIMS, SESSION_PARAMETER } from "../../../lib/lti/claims";
import type { Provider } from "../../../server/db/migrate";
import { launch, ROLES, TestPlatform, toolRequest } from "../../support/lti-platform";
import { SPEC, baseConfig, trainedRun } from "../realtime/fixtures";
import {
  client,
  nextMatching,
  ok,
  postJson,
  signUpTeacher,
  startServer,
  type Client,
  type TestServer,
} from "../realtime/harness";

const HOUR = 3600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const ADA = {
  sub: "lms-user-ada",
  given_name: "Ada",
  family_name: "Lovelace",
  roles: [ROLES.learner],
};
const GRACE = { sub: "lms-user-grace", name: "Grace Hopper", roles: [ROLES.learner] };
const TEACHER = { sub: "lms-teacher", name: "Ms Noether", roles: [ROLES.instructor] };

describe.each<Provider>(["sqlite", "postgresql"])("LTI 1.3 on %s", (provider) => {
  let server: TestServer;
  let platform: TestPlatform;
  let cookie: string;
  let teacher: Client;
  let sessionId: string;
  let challengeId: string;
  const sockets: Client[] = [];

  const participants = () => server.app.repos.participants.listBySession(sessionId);

  beforeAll(async () => {
    server = await startServer(provider, { ltiGrades: { retryBaseMs: 300, pollMs: 200 } });
    platform = await TestPlatform.start();
    platform.toolUrl = server.url;
    cookie = await signUpTeacher(server.url, `lti-${provider}@school.test`);
    teacher = await client(server.url, { cookie });
    sockets.push(teacher);
    const registered = await postJson(`${server.url}/api/lti/platforms`, platform.registration(), {
      cookie,
      origin: "http://localhost",
    });
    expect(registered.status).toBe(201);
    const session = await ok(teacher, "session:create", {
      title: "Homework: vanishing gradients",
      assignment: { opensAt: at(-HOUR), dueAt: at(48 * HOUR) },
    });
    sessionId = session.id;
    challengeId = (
      await ok(teacher, "challenge:post", { sessionId, title: "Two layers", spec: SPEC })
    ).id;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await platform.close();
    await server.close();
  });

  it("publishes the tool's keys at /lti/jwks, by kid, and keeps a rotated key until it is retired", async () => {
    const first = await toolRequest(`${server.url}/lti/jwks`);
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toContain("application/json");
    const { keys } = JSON.parse(first.body) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(keys[0]!.kid).toEqual(expect.any(String));
    for (const secret of ["d", "p", "q", "dp", "dq", "qi"])
      expect(keys[0]).not.toHaveProperty(secret);

    const lti = await import("../../../server/lti/keys");
    const keyring = lti.ltiKeys(
      server.app.database.prisma,
      "test-secret-that-is-at-least-32-characters-long",
    );
    const rotated = await keyring.rotate();
    const both = JSON.parse((await toolRequest(`${server.url}/lti/jwks`)).body) as {
      keys: { kid: string }[];
    };
    expect(both.keys.map((k) => k.kid)).toEqual([rotated, keys[0]!.kid]);
    expect(await keyring.retireOld()).toBe(1);
    const after = JSON.parse((await toolRequest(`${server.url}/lti/jwks`)).body) as {
      keys: { kid: string }[];
    };
    expect(after.keys.map((k) => k.kid)).toEqual([rotated]);
  });

  it("takes registrations from a signed-in teacher on the app's own origin only, checked field by field", async () => {
    const url = `${server.url}/api/lti/platforms`;
    expect(
      (await postJson(url, platform.registration(), { origin: "http://localhost" })).status,
    ).toBe(401);
    expect(
      (
        await postJson(
          url,
          { ...platform.registration(), clientId: "x" },
          { cookie, origin: "https://evil.test" },
        )
      ).status,
    ).toBe(403);
    const bad = await postJson(
      url,
      {
        ...platform.registration(),
        clientId: "other",
        jwksUrl: "http://10.0.0.1/jwks",
        deploymentIds: [],
      },
      { cookie, origin: "http://localhost" },
    );
    expect(bad.status).toBe(400);
    const fields = (
      JSON.parse(bad.body) as { error: { issues: { field: string }[] } }
    ).error.issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(["jwksUrl", "deploymentIds"]));
    const again = await postJson(url, platform.registration(), {
      cookie,
      origin: "http://localhost",
    });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body)).toMatchObject({ error: { code: "CONFLICT" } });
  });

  it("lands a student in the class under their course name, with no nickname and no code, and the same student on a relaunch", async () => {
    const first = await launch(platform, platform.resourceLink(ADA, { session: sessionId }));
    expect(first.status).toBe(303);
    const match = /^\/class\/([\w-]+)#rejoin=([\w-]+)$/.exec(first.location ?? "");
    expect(match?.[1]).toBe(sessionId);
    const socket = await client(server.url);
    sockets.push(socket);
    const state = await ok(socket, "participant:rejoin", { rejoinToken: match![2]! });
    expect(state.participant.nickname).toBe("Ada Lovelace");
    expect(state.session.id).toBe(sessionId);

    const second = await launch(platform, platform.resourceLink(ADA, { session: sessionId }));
    const token = /#rejoin=([\w-]+)$/.exec(second.location ?? "")![1]!;
    const again = await ok(await client(server.url), "participant:rejoin", { rejoinToken: token });
    expect(again.participant.id).toBe(state.participant.id);
    expect((await participants()).filter((p) => p.nickname.startsWith("Ada"))).toHaveLength(1);
  });

  it("lands a teacher in the session's dashboard, signed in when the platform vouches for their email", async () => {
    const email = `lti-${provider}@school.test`;
    const answer = await launch(
      platform,
      platform.resourceLink({ ...TEACHER, email: email.toUpperCase() }, { session: sessionId }),
    );
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(`/teacher/session/${sessionId}`);
    const cookies = [answer.headers["set-cookie"] ?? []].flat();
    expect(cookies.join(";")).toMatch(/session_token=.*HttpOnly/i);
    const session = cookies.map((c) => c.split(";")[0]).join("; ");
    const mine = await fetch(`${server.url}/api/lti/platforms`, { headers: { cookie: session } });
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as { clientId: string }[])[0]!.clientId).toBe(platform.clientId);

    // Another instructor of the same platform (another email, or none) is sent to sign in.
    for (const other of [{ ...TEACHER, sub: "t2", email: "someone@school.test" }, TEACHER]) {
      const refused = await launch(platform, platform.resourceLink(other, { session: sessionId }));
      expect(refused.location).toBe(`/teacher/session/${sessionId}`);
      expect(refused.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("refuses a bad signature, an expired token, a replayed state or nonce, a wrong audience and an unknown deployment, each with a page saying why", async () => {
    const before = (await participants()).length;
    const claims = platform.resourceLink(GRACE, { session: sessionId });
    const cases: [string, Promise<{ status: number; body: string }>, number, RegExp][] = [
      ["bad signature", launch(platform, claims, { foreignKey: true }), 401, /signature/],
      ["expired", launch(platform, claims, { expiresIn: -3600 }), 401, /expired/],
      [
        "wrong audience",
        launch(platform, claims, { override: { aud: "another-tool", azp: undefined } }),
        401,
        /another tool/,
      ],
      [
        "wrong azp",
        launch(platform, claims, { override: { aud: [platform.clientId, "x"], azp: "x" } }),
        401,
        /azp/,
      ],
      [
        "unknown deployment",
        launch(platform, { ...claims, [CLAIMS.deploymentId]: "deployment-9" }),
        403,
        /deployment id deployment-9 is not registered/,
      ],
      [
        "wrong issuer",
        launch(platform, claims, { override: { iss: "https://impostor.test" } }),
        401,
        /issuer/,
      ],
    ];
    for (const [name, answer, status, why] of cases) {
      const { status: got, body } = await answer;
      expect({ name, got }).toEqual({ name, got: status });
      expect(body).toContain("<title>This launch was refused");
      expect(body).toMatch(why);
      expect(body).not.toMatch(/at .*\.ts:\d+/);
    }

    // A valid launch, replayed: its state is used up; and its token under a new login's state
    // carries the wrong nonce.
    const valid = await launch(platform, claims);
    expect(valid.status).toBe(303);
    const replay = await launch(platform, claims, { reuse: valid });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatch(/already used/);
    const crossed = await launch(platform, claims, {
      reuse: { state: (await launchState(platform)).state, idToken: valid.idToken },
    });
    expect(crossed.status).toBe(401);
    expect(crossed.body).toMatch(/nonce/);

    // Only Grace's valid launches made a student.
    expect((await participants()).length).toBe(before + 1);

    const unknown = await toolRequest(
      `${server.url}/lti/login?iss=https%3A%2F%2Fnobody.test&login_hint=x&target_link_uri=${encodeURIComponent(`${server.url}/lti/launch`)}`,
    );
    expect(unknown.status).toBe(403);
    expect(unknown.body).toMatch(/not registered/);
    const garbage = await toolRequest(`${server.url}/lti/launch`, {
      form: { id_token: "x.y.z", state: "nope" },
    });
    expect(garbage.status).toBe(401);
  });

  it("returns a chosen session to the platform through deep linking, signed by the tool", async () => {
    const picker = await launch(platform, platform.deepLinking(TEACHER));
    expect(picker.status).toBe(200);
    expect(picker.body).toContain("Homework: vanishing gradients");
    const ticket = /name="ticket" value="([^"]+)"/.exec(picker.body)![1]!;

    // A student cannot deep link; a tampered ticket is refused.
    const student = await launch(platform, platform.deepLinking(ADA));
    expect(student.status).toBe(403);
    const tampered = await toolRequest(`${server.url}/lti/deep-link`, {
      form: { ticket: `${ticket.slice(0, -2)}xx`, session: sessionId },
    });
    expect(tampered.status).toBe(401);

    const returned = await toolRequest(`${server.url}/lti/deep-link`, {
      form: { ticket, session: sessionId },
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toContain(`action="${platform.url}/deep-link-return"`);
    expect(String(returned.headers["content-security-policy"])).toContain(
      `form-action 'self' ${platform.url}`,
    );
    const jwt = /name="JWT" value="([^"]+)"/.exec(returned.body)![1]!;
    const { payload } = await jwtVerify(
      jwt,
      createRemoteJWKSet(new URL(`${server.url}/lti/jwks`)),
      {
        issuer: platform.clientId,
        audience: platform.issuer,
      },
    );
    expect(decodeProtectedHeader(jwt).kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      [CLAIMS.messageType]: "LtiDeepLinkingResponse",
      [CLAIMS.version]: "1.3.0",
      [CLAIMS.deploymentId]: platform.deploymentId,
      [CLAIMS.data]: "opaque-platform-data",
    });
    const [item] = payload[CLAIMS.contentItems] as Record<string, unknown>[];
    expect(item).toMatchObject({
      type: "ltiResourceLink",
      title: "Homework: vanishing gradients",
      url: `${server.url}/lti/launch`,
      custom: { [SESSION_PARAMETER]: sessionId },
      lineItem: { scoreMaximum: 100, resourceId: sessionId },
    });
  });

  it("sends a student's best verified score to the line item, retrying after the platform's 503", async () => {
    const lineItem = platform.lineItem(`${provider}-1`);
    const landed = await launch(
      platform,
      platform.resourceLink(
        { sub: "lms-user-kat", name: "Katherine Johnson", roles: [ROLES.learner] },
        { session: sessionId, lineItem },
      ),
    );
    const token = /#rejoin=([\w-]+)$/.exec(landed.location ?? "")![1]!;
    const socket = await client(server.url);
    sockets.push(socket);
    const me = await ok(socket, "participant:rejoin", { rejoinToken: token });

    platform.failScores = 1;
    const run = await trainedRun(challengeId, baseConfig());
    const settled = nextMatching(socket, "run:settled", (r) => r.clientRunId === run.clientRunId);
    await ok(socket, "run:submit", run);
    const [verified] = await settled;
    expect(verified.status).toBe("verified");
    const points = Math.round(verified.score! * 1000) / 10;

    const deadline = Date.now() + 15_000;
    while (platform.scores.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(platform.scores).toHaveLength(1);
    const [score] = platform.scores;
    expect(score!.lineItem).toBe(lineItem);
    expect(score!.contentType).toBe("application/vnd.ims.lis.v1.score+json");
    expect(score!.body).toMatchObject({
      userId: "lms-user-kat",
      scoreGiven: points,
      scoreMaximum: 100,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
    });
    expect(Date.parse(String(score!.body.timestamp))).toBeGreaterThan(Date.now() - 60_000);
    expect(platform.tokenRequests.every((t) => t.ok)).toBe(true);

    // The teacher sees it sent, after one failed try.
    const states = await fetch(`${server.url}/api/sessions/${sessionId}/lti-grades.json`, {
      headers: { cookie },
    });
    const rows = (await states.json()) as Record<string, unknown>[];
    if (!Array.isArray(rows)) throw new Error(`${states.status} ${JSON.stringify(rows)}`);
    expect(rows.find((r) => r.participantId === me.participant.id)).toMatchObject({
      nickname: "Katherine Johnson",
      gradeState: "sent",
      gradeSent: points,
      attempts: 1,
    });
    expect((await fetch(`${server.url}/api/sessions/${sessionId}/lti-grades.json`)).status).toBe(
      401,
    );
  });
});

/** A login's state (and nonce) without a launch. */
async function launchState(platform: TestPlatform): Promise<{ state: string; nonce: string }> {
  const login = new URL(`${platform.toolUrl}/lti/login`);
  login.searchParams.set("iss", platform.issuer);
  login.searchParams.set("client_id", platform.clientId);
  login.searchParams.set("login_hint", "someone");
  login.searchParams.set("target_link_uri", `${platform.toolUrl}/lti/launch`);
  const started = await toolRequest(login.toString());
  const auth = new URL(started.location!);
  return { state: auth.searchParams.get("state")!, nonce: auth.searchParams.get("nonce")! };
}
