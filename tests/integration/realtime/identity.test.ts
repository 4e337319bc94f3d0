/**
 * Who may hold a socket: pages of the app's own origin only (no cross-site WebSocket hijacking with
 * a teacher's cookie), and a teacher only while signed in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  client,
  ok,
  signUpTeacher,
  startServer,
  type Client,
  type TestServer,
} from "./harness";

describe("the socket handshake's origin", () => {
  let server: TestServer;
  let cookie: string;
  const sockets: Client[] = [];
  beforeAll(async () => {
    server = await startServer("sqlite");
    cookie = await signUpTeacher(server.url, "origin@school.test");
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  for (const origin of [
    "http://evil.test",
    "http://class.localhost",
    "https://localhost",
    "null",
  ]) {
    it(`refuses a page at ${origin}, even with a teacher's cookie`, async () => {
      await expect(client(server.url, { cookie, origin })).rejects.toMatchObject({
        message: "FORBIDDEN",
        data: { code: "FORBIDDEN" },
      });
    });
  }

  it("accepts the app's own origin and clients that name none", async () => {
    for (const options of [{ cookie, origin: "http://localhost" }, { cookie }]) {
      const s = await client(server.url, options);
      sockets.push(s);
      await ok(s, "session:list", {});
    }
  });
});

describe("signing out", () => {
  let server: TestServer;
  const sockets: Client[] = [];
  beforeAll(async () => {
    server = await startServer("sqlite");
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  it("closes the teacher's open sockets, and the old cookie is no teacher any more", async () => {
    const cookie = await signUpTeacher(server.url, "out@school.test");
    const teacher = await client(server.url, { cookie });
    sockets.push(teacher);
    const { id: sessionId } = await ok(teacher, "session:create", { title: "Before" });
    await ok(teacher, "session:watch", { sessionId });
    const closed = new Promise<string>((resolve) => teacher.once("disconnect", resolve));
    const res = await fetch(`${server.url}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie, origin: "http://localhost", "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(await closed).toBe("io server disconnect");

    const again = await client(server.url, { cookie });
    sockets.push(again);
    const refused = await call(again, "session:create", { title: "After" });
    expect(refused).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    expect(await server.app.database.prisma.classSession.count()).toBe(1);
  });

  it("refuses teacher actions once the session is gone, even on a socket still open", async () => {
    const cookie = await signUpTeacher(server.url, "gone@school.test");
    const teacher = await client(server.url, { cookie });
    sockets.push(teacher);
    const { id: sessionId } = await ok(teacher, "session:create", { title: "Mine" });
    // Ended elsewhere (another node, an expiry, an operator): no hook reaches this socket.
    await server.app.database.prisma.authSession.deleteMany({});
    for (const [event, payload] of [
      ["session:create", { title: "More" }],
      ["session:list", {}],
      ["session:watch", { sessionId }],
      ["session:close", { sessionId }],
    ] as const) {
      expect(await call(teacher, event, payload), event).toMatchObject({
        error: { code: "UNAUTHENTICATED" },
      });
    }
    const session = await server.app.database.prisma.classSession.findUnique({
      where: { id: sessionId },
    });
    expect(session?.status).toBe("open");
  });
});
