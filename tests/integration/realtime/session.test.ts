/** A whole class session over real sockets: a teacher and three students, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "../../../server/db/migrate";
import { RANK_SHIFT_MS } from "../../../server/realtime/leaderboards";
import { baseConfig, SPEC, trainedRun } from "./fixtures";
import {
  call,
  client,
  followBoard,
  next,
  ok,
  signUpTeacher,
  startServer,
  type Client,
  type FollowedBoard,
  type TestServer,
} from "./harness";

describe.each<Provider>(["sqlite", "postgresql"])("a class session on %s", (provider) => {
  let server: TestServer;
  const sockets: Client[] = [];
  const open = async (options: Parameters<typeof client>[1] = {}) => {
    const s = await client(server.url, options);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await startServer(provider);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  it("runs from creation to close: join, post, submit, verify, rank, rejoin, lock, close", async () => {
    const cookie = await signUpTeacher(server.url, `teacher-${provider}@school.test`);
    const teacher = await open({ cookie });
    const session = await ok(teacher, "session:create", { title: "Period 2" });
    expect(session.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    const challenge = await ok(teacher, "challenge:post", {
      sessionId: session.id,
      title: "Warm-up",
      spec: SPEC,
    });
    expect(challenge.status).toBe("draft");
    await ok(teacher, "challenge:transition", { challengeId: challenge.id, action: "open" });
    const watch = await ok(teacher, "session:watch", { sessionId: session.id });
    expect(watch.challenges[0]).toMatchObject({
      status: "open",
      spec: { teacherNote: "A warm-up." },
    });

    // Three students join by code (case and spaces forgiven); a duplicate nickname and a bad code fail.
    const names = ["Ada", "Bo", "Cy"];
    const students = await Promise.all(names.map(() => open()));
    const joined = [];
    for (const [i, s] of students.entries()) {
      const rosterUpdate = next(teacher, "roster:updated");
      joined.push(
        await ok(s, "participant:join", {
          joinCode: ` ${session.joinCode!.toLowerCase()} `,
          nickname: names[i]!,
        }),
      );
      expect((await rosterUpdate)[0]).toMatchObject({ nickname: names[i], online: true });
    }
    expect(joined[0]!.challenges).toHaveLength(1);
    expect(joined[0]!.challenges[0]!.spec).not.toHaveProperty("teacherNote");
    expect(JSON.stringify(joined[0])).not.toContain("testSeed");
    const late = await open();
    expect(
      await call(late, "participant:join", { joinCode: session.joinCode!, nickname: "ada" }),
    ).toMatchObject({ error: { code: "NICKNAME_TAKEN" } });
    expect(
      await call(late, "participant:join", { joinCode: "ZZZZZZ", nickname: "Dee" }),
    ).toMatchObject({ error: { code: "NOT_FOUND" } });

    // Each student submits a real run; the verified score reaches everyone's leaderboard.
    const boards = new Map<Client, FollowedBoard>();
    for (const s of students) boards.set(s, await followBoard(s, challenge.id));
    const runs = [];
    for (const [i, s] of students.entries()) {
      const submission = await trainedRun(
        challenge.id,
        baseConfig({ seed: i + 1, steps: 50 + 100 * i }),
      );
      const settledEvent = next(s, "run:settled");
      const submittedToTeacher = next(teacher, "run:submitted");
      const ack = await ok(s, "run:submit", submission);
      expect(ack).toMatchObject({ status: "pending", clientRunId: submission.clientRunId });
      expect((await submittedToTeacher)[0].id).toBe(ack.id);
      const [settled] = await settledEvent;
      expect(settled).toMatchObject({ id: ack.id, status: "verified", mismatch: false });
      expect(settled.score).toBe(settled.verifiedAccuracy);
      runs.push({ submission, settled, student: s });
    }
    await server.app.leaderboards.flush();
    const board = await ok(students[0]!, "leaderboard:get", { challengeId: challenge.id });
    const expected = [...runs].sort(
      (a, b) =>
        b.settled.score! - a.settled.score! ||
        a.settled.submittedAt.localeCompare(b.settled.submittedAt),
    );
    expect(board.entries.map((e) => e.runId)).toEqual(expected.map((r) => r.settled.id));
    expect(board.entries.map((e) => e.rank)).toEqual([1, 2, 3]);
    for (const [s, followed] of boards) {
      // Each student's own entry comes to them alone.
      const own = runs.find((r) => r.student === s)!.settled.id;
      // (a place shifted by a later run arrives within the shift window).
      const entry = board.entries.find((e) => e.runId === own);
      const feed = await followed.until(
        (f) => f.total === 3 && JSON.stringify(f.mine) === JSON.stringify(entry),
        RANK_SHIFT_MS + 5_000,
      );
      expect(feed.entries.map((e) => e.runId)).toEqual(board.entries.map((e) => e.runId));
    }

    // A resend of an acknowledged run is the same run.
    const resend = await ok(students[0]!, "run:submit", runs[0]!.submission);
    expect(resend.id).toBe(runs[0]!.settled.id);
    expect(await ok(students[0]!, "run:list", { challengeId: challenge.id })).toHaveLength(1);

    // A student drops and comes back with the rejoin token: same identity, same runs.
    students[1]!.disconnect();
    const back = await open();
    const rejoined = await ok(back, "participant:rejoin", { rejoinToken: joined[1]!.rejoinToken });
    expect(rejoined.participant.id).toBe(joined[1]!.participant.id);
    expect((await ok(back, "run:list", { challengeId: challenge.id })).map((r) => r.id)).toEqual([
      runs[1]!.settled.id,
    ]);

    // Lock: no submissions; reopen: allowed again; close the session: everyone is told.
    const lockSeen = next(students[0]!, "challenge:updated");
    await ok(teacher, "challenge:transition", { challengeId: challenge.id, action: "lock" });
    expect((await lockSeen)[0]).toMatchObject({ status: "locked" });
    const locked = await call(
      students[0]!,
      "run:submit",
      await trainedRun(challenge.id, baseConfig({ seed: 9 })),
    );
    expect(locked).toMatchObject({ error: { code: "CHALLENGE_NOT_OPEN" } });
    expect(
      await call(teacher, "challenge:transition", { challengeId: challenge.id, action: "lock" }),
    ).toMatchObject({ error: { code: "INVALID_TRANSITION" } });
    await ok(teacher, "challenge:transition", { challengeId: challenge.id, action: "reopen" });
    expect(
      await ok(back, "run:submit", await trainedRun(challenge.id, baseConfig({ seed: 9 }))),
    ).toMatchObject({ status: "pending" });
    const closedSeen = next(students[2]!, "session:updated");
    expect(await ok(teacher, "session:close", { sessionId: session.id })).toMatchObject({
      status: "closed",
      joinCode: null,
    });
    expect((await closedSeen)[0]).toMatchObject({ status: "closed" });
    await server.app.verifier.idle();
  });
});
