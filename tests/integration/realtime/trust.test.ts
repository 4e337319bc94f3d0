/**
 * What a score trusts, kept true: a claim is never ranked before the server verifies it, a claim the
 * weights do not support is flagged and raises the teacher's alert, and nothing a browser receives
 * carries the hidden split's seed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { initialWeights } from "../../../lib/nn/network";
import { encodeWeights } from "../../../lib/nn/weights";
import { baseConfig, SPEC, trainedRun } from "./fixtures";
import {
  client,
  nextMatching,
  ok,
  signUpTeacher,
  startServer,
  type Client,
  type TestServer,
} from "./harness";

let server: TestServer;
let teacher: Client;
let student: Client;
let sessionId: string;
let challengeId: string;
let participantId: string;
let joinAnswer: unknown;

beforeAll(async () => {
  server = await startServer("sqlite", { leaderboardFlushMs: 20 });
  teacher = await client(server.url, {
    cookie: await signUpTeacher(server.url, "trust@school.test"),
  });
  const session = await ok(teacher, "session:create", { title: "Trust" });
  sessionId = session.id;
  challengeId = (await ok(teacher, "challenge:post", { sessionId, title: "C", spec: SPEC })).id;
  await ok(teacher, "challenge:transition", { challengeId, action: "open" });
  await ok(teacher, "session:watch", { sessionId });
  student = await client(server.url);
  joinAnswer = await ok(student, "participant:join", {
    joinCode: session.joinCode!,
    nickname: "Ada",
  });
  participantId = (joinAnswer as { participant: { id: string } }).participant.id;
});

afterAll(async () => {
  teacher.disconnect();
  student.disconnect();
  await server.close();
});

describe("what a score trusts", () => {
  it("never ranks a claim before the server has verified it", async () => {
    // Stored but not yet verified (as between the acknowledgement and the verifier's result).
    const run = await trainedRun(challengeId, baseConfig({ seed: 3 }));
    const { run: stored } = await server.app.repos.runs.submit(participantId, {
      ...run,
      claimed: { ...run.claimed, accuracy: 0.99 },
    });
    expect(stored.status).toBe("pending");
    expect((await ok(student, "leaderboard:get", { challengeId })).entries).toEqual([]);
    expect((await ok(teacher, "leaderboard:get", { challengeId })).entries).toEqual([]);
    const settled = await server.app.verifier.verify(stored.id);
    expect(settled?.status).toBe("verified");
    const board = (await ok(student, "leaderboard:get", { challengeId })).entries;
    expect(board).toEqual([
      expect.objectContaining({ runId: stored.id, score: settled!.verified!.accuracy }),
    ]);
  });

  it("flags a claim the weights do not support, alerts the teacher and ranks the verified number", async () => {
    const untrained = encodeWeights(initialWeights(baseConfig(), { inputDim: 2, classes: 3 }));
    const run = {
      ...(await trainedRun(challengeId, baseConfig())),
      clientRunId: randomUUID(),
      weights: untrained,
      claimed: { accuracy: 0.99, loss: 0.01, steps: 150, diverged: false, divergedAtStep: null },
    };
    const alerts: unknown[] = [];
    teacher.on("alert:raised", (alert) => alerts.push(alert));
    const settledSeen = nextMatching(
      student,
      "run:settled",
      (r) => r.clientRunId === run.clientRunId,
    );
    const stored = await ok(student, "run:submit", run);
    const [view] = await settledSeen;
    // The alert goes out with the settled run, to the teacher's own socket.
    for (
      let i = 0;
      i < 50 && !alerts.some((a) => (a as { runId: string }).runId === stored.id);
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    expect(alerts).toContainEqual({
      kind: "mismatch",
      runId: stored.id,
      participantId,
      challengeId,
    });
    expect(view.mismatch).toBe(true);
    expect(view.verifiedAccuracy!).toBeLessThan(0.6);
    expect(view.score).toBe(view.verifiedAccuracy);
  });

  it("sends no browser the hidden split's seed", async () => {
    const watch = await ok(teacher, "session:watch", { sessionId });
    const seen = JSON.stringify([
      joinAnswer,
      watch,
      await ok(student, "run:list", { challengeId }),
    ]);
    expect(seen).not.toMatch(/testSeed/i);
    const { testSeed } = (await server.app.repos.challenges.findById(challengeId))!;
    expect(seen).not.toContain(String(testSeed));
  });
});
