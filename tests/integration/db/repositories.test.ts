/** The repositories' behaviour, run against SQLite and against PostgreSQL. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTemplate } from "../../../lib/challenges/curriculum";
import { DEFAULT_CONFIG } from "../../../lib/nn/config";
import type { RunSubmission } from "../../../lib/protocol/schemas";
import { openDatabase, type Database } from "../../../server/db/database";
import type { Provider } from "../../../server/db/migrate";
import { createRepositories, type Repositories } from "../../../server/repositories";
import { JOIN_CODE_ALPHABET, sessionRepository } from "../../../server/repositories/sessions";
import { NicknameTakenError } from "../../../server/repositories/participants";
import { RunIdConflictError } from "../../../server/repositories/runs";
import { throwawayDatabase, type Throwaway } from "./throwaway";

const template = findTemplate("bn-rescue")!;

function submission(challengeId: string, patch: Partial<RunSubmission> = {}): RunSubmission {
  return {
    clientRunId: randomUUID(),
    challengeId,
    config: { ...DEFAULT_CONFIG, seed: 7 },
    backend: "webgl",
    weights: new Uint8Array([1, 2, 3, 255]),
    claimed: { accuracy: 0.8, loss: 0.5, steps: 500, diverged: false, divergedAtStep: null },
    telemetry: [],
    ...patch,
  };
}

describe.each<Provider>(["sqlite", "postgresql"])("repositories on %s", (provider) => {
  let throwaway: Throwaway;
  let database: Database;
  let repos: Repositories;
  let teacherId: string;

  beforeAll(async () => {
    throwaway = await throwawayDatabase(provider);
    database = await openDatabase(throwaway.url);
    repos = createRepositories(database.prisma, database.blobs);
    teacherId = (
      await database.prisma.teacher.create({
        data: { id: randomUUID(), name: "Ada", email: `ada-${provider}@school.test` },
      })
    ).id;
  });

  afterAll(async () => {
    await database.close();
    await throwaway.drop();
  });

  it("creates sessions with readable join codes and releases the code on close", async () => {
    const s = await repos.sessions.create({ teacherId, title: "Period 1" });
    expect(s.joinCode).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
    expect((await repos.sessions.findOpenByJoinCode(s.joinCode!))?.id).toBe(s.id);
    expect(await repos.sessions.close(s.id)).toBe(true);
    expect(await repos.sessions.close(s.id)).toBe(false);
    expect(await repos.sessions.findOpenByJoinCode(s.joinCode!)).toBeNull();
    expect(await repos.sessions.findById(s.id)).toMatchObject({ status: "closed", joinCode: null });
  });

  it("retries when a join code is taken by an open session", async () => {
    const codes = ["AAAAAA", "AAAAAA", "BBBBBB"];
    const sessions = sessionRepository(database.prisma, () => codes.shift()!);
    const first = await sessions.create({ teacherId, title: "A" });
    const second = await sessions.create({ teacherId, title: "B" });
    expect([first.joinCode, second.joinCode]).toEqual(["AAAAAA", "BBBBBB"]);
    expect((await repos.sessions.listByTeacher(teacherId)).map((s) => s.title).slice(0, 2)).toEqual(
      ["B", "A"],
    );
  });

  it("moves challenges only along the allowed transitions", async () => {
    const s = await repos.sessions.create({ teacherId, title: "Transitions" });
    const c = await repos.challenges.create({
      sessionId: s.id,
      templateKey: template.key,
      title: template.title,
      spec: template.spec,
      testSeed: 99,
    });
    expect(c).toMatchObject({ status: "draft", position: 0, testSeed: 99 });
    expect(c.spec).toEqual(template.spec);
    expect(await repos.challenges.transition(c.id, "lock")).toBeNull();
    expect(await repos.challenges.transition(c.id, "open")).toMatchObject({ status: "open" });
    expect(await repos.challenges.transition(c.id, "open")).toBeNull();
    expect(await repos.challenges.transition(c.id, "lock")).toMatchObject({ status: "locked" });
    expect(await repos.challenges.transition(c.id, "reopen")).toMatchObject({ status: "open" });
    expect(await repos.challenges.transition(c.id, "close")).toMatchObject({ status: "closed" });
    expect(await repos.challenges.transition(c.id, "reopen")).toBeNull();
    const second = await repos.challenges.create({
      sessionId: s.id,
      templateKey: null,
      title: "Custom",
      spec: template.spec,
      testSeed: 1,
    });
    expect(second.position).toBe(1);
    expect((await repos.challenges.listBySession(s.id)).map((x) => x.title)).toEqual([
      template.title,
      "Custom",
    ]);
  });

  it("keeps nicknames unique per session, case-insensitively, and finds students by token hash", async () => {
    const s = await repos.sessions.create({ teacherId, title: "Nicknames" });
    const other = await repos.sessions.create({ teacherId, title: "Other" });
    const ada = await repos.participants.create({
      sessionId: s.id,
      nickname: "Ada",
      nicknameKey: "ada",
      rejoinTokenHash: `h1-${provider}`,
    });
    await expect(
      repos.participants.create({
        sessionId: s.id,
        nickname: "ADA",
        nicknameKey: "ada",
        rejoinTokenHash: `h2-${provider}`,
      }),
    ).rejects.toBeInstanceOf(NicknameTakenError);
    await repos.participants.create({
      sessionId: other.id,
      nickname: "Ada",
      nicknameKey: "ada",
      rejoinTokenHash: `h3-${provider}`,
    });
    expect((await repos.participants.findByTokenHash(`h1-${provider}`))?.id).toBe(ada.id);
    await repos.participants.markRemoved(ada.id);
    expect(await repos.participants.findById(ada.id)).toMatchObject({ removed: true });
    expect(await repos.participants.listBySession(s.id)).toHaveLength(1);
  });

  it("stores runs idempotently, durably and with their weights bit for bit", async () => {
    const s = await repos.sessions.create({ teacherId, title: "Runs" });
    const c = await repos.challenges.create({
      sessionId: s.id,
      templateKey: null,
      title: "C",
      spec: template.spec,
      testSeed: 3,
    });
    const p = await repos.participants.create({
      sessionId: s.id,
      nickname: "Bo",
      nicknameKey: "bo",
      rejoinTokenHash: `hb-${provider}`,
    });
    const q = await repos.participants.create({
      sessionId: s.id,
      nickname: "Cy",
      nicknameKey: "cy",
      rejoinTokenHash: `hc-${provider}`,
    });
    const stats = {
      weightGradNorm: 0.02,
      activationGradNorm: 0.1,
      activationMean: 0.5,
      activationStd: null,
      saturated: 0.25,
      dead: 0,
      updateRatio: 0.001,
    };
    const sub = submission(c.id, {
      telemetry: [{ step: 10, loss: 0.69, accuracy: 0.5, layers: [stats, { ...stats, dead: 1 }] }],
    });
    const first = await repos.runs.submit(p.id, sub);
    const again = await repos.runs.submit(p.id, sub);
    expect(first.created).toBe(true);
    expect(again).toEqual({ run: first.run, created: false });
    // The inserting statement's summary is what the ORM reads back, telemetry and weights included.
    expect(await repos.runs.findById(first.run.id)).toEqual(first.run);
    expect((await repos.runs.telemetry(first.run.id))?.frames).toEqual(sub.telemetry);
    await expect(repos.runs.submit(q.id, sub)).rejects.toBeInstanceOf(RunIdConflictError);
    // What a submission is checked against, in one statement, on either database.
    expect(await repos.runs.submissionContext(p.id, c.id, sub.clientRunId)).toEqual({
      participant: { sessionId: s.id, removed: false, admitted: true },
      session: {
        kind: "live",
        opensAt: null,
        dueAt: null,
        latePolicy: "mark",
        revealPolicy: "own-run",
      },
      challenge: { sessionId: s.id, status: c.status, closesAt: c.closesAt, revealed: false },
      used: 1,
      existing: { id: first.run.id, participantId: p.id, challengeId: c.id },
    });
    expect(await repos.runs.submissionContext(q.id, "no-such-challenge", "fresh-id")).toEqual({
      participant: { sessionId: s.id, removed: false, admitted: true },
      session: {
        kind: "live",
        opensAt: null,
        dueAt: null,
        latePolicy: "mark",
        revealPolicy: "own-run",
      },
      challenge: null,
      used: 0,
      existing: null,
    });
    expect((await repos.runs.submissionContext("nobody", c.id, "x")).participant).toBeNull();
    expect(await repos.runs.weights(first.run.id)).toEqual(new Uint8Array([1, 2, 3, 255]));
    // The verifier's read, straight from the driver: the run as submitted, bytes for bytes.
    expect(await repos.runs.forVerification(first.run.id)).toEqual({
      status: "pending",
      challengeId: c.id,
      config: sub.config,
      claimed: sub.claimed,
      weights: new Uint8Array([1, 2, 3, 255]),
    });
    expect(await repos.runs.forVerification("no-such-run")).toBeNull();
    // Written through the driver, the run's columns read back through the ORM as Prisma wrote them.
    const stored = await database.prisma.run.findUniqueOrThrow({ where: { id: first.run.id } });
    expect(stored).toMatchObject({
      clientRunId: sub.clientRunId,
      seed: 7,
      backend: "webgl",
      status: "pending",
      mismatch: false,
      verified: null,
      score: null,
      verifiedAt: null,
      profile: [0.02, 0.02],
    });
    expect(new Uint8Array(stored.weights)).toEqual(new Uint8Array([1, 2, 3, 255]));
    expect(first.run).toMatchObject({
      status: "pending",
      seed: 7,
      score: null,
      config: sub.config,
      claimed: sub.claimed,
    });
    expect((await repos.runs.listPending()).map((r) => r.id)).toContain(first.run.id);

    const verified = {
      accuracy: 0.75,
      loss: 0.6,
      steps: 500,
      probe: { from: 2, gradRatio: 2, signalRatio: 0.5, verdict: "healthy" as const },
      reproduced: null,
      final: null,
    };
    const marked = await repos.runs.markVerified(first.run.id, verified, 0.75, true);
    expect(marked).toMatchObject({
      status: "verified",
      score: 0.75,
      mismatch: true,
      verified,
      failure: null,
      student: { nickname: "Bo", removed: false, graded: false },
    });
    // The settling statement reads the run back itself: what it returns is what the ORM reads.
    const { student, ...settled } = marked!;
    expect(student).toEqual({ nickname: "Bo", removed: false, graded: false });
    expect(settled).toEqual(await repos.runs.findById(first.run.id));
    // A run settles once: a second verdict finds it no longer pending.
    expect(await repos.runs.markUnverifiable(first.run.id, "late")).toBeNull();
    expect((await repos.runs.findById(first.run.id))?.status).toBe("verified");
    const other = await repos.runs.submit(p.id, submission(c.id));
    expect(
      await repos.runs.markUnverifiable(other.run.id, "weights do not match the config"),
    ).toMatchObject({
      status: "unverifiable",
      score: null,
      verified: null,
      failure: "weights do not match the config",
    });
    const unverifiable = await repos.runs.findById(other.run.id);
    expect(unverifiable).toMatchObject({ status: "unverifiable", score: null, mismatch: false });
    expect(unverifiable?.verifiedAt).toBeInstanceOf(Date);
    expect((await repos.runs.listPending()).map((r) => r.id)).not.toContain(first.run.id);
    // What the leaderboard is built from: ranked runs only, with the nickname and the same
    // submission time as the ORM reads; a removed student's runs leave it.
    expect(await repos.runs.ranked(c.id)).toEqual([
      {
        id: first.run.id,
        participantId: p.id,
        nickname: "Bo",
        score: 0.75,
        submittedAt: first.run.submittedAt,
      },
    ]);
    await repos.participants.markRemoved(p.id);
    expect(await repos.runs.ranked(c.id)).toEqual([]);
    expect((await repos.runs.listForParticipant(p.id, c.id)).map((r) => r.id)).toEqual([
      first.run.id,
      other.run.id,
    ]);
    expect(await repos.runs.listForChallenge(c.id)).toHaveLength(2);

    // Lists carry the last frame's gradient profile, not the telemetry.
    const layer = (w: number | null) => ({
      weightGradNorm: w,
      activationGradNorm: 1,
      activationMean: 0,
      activationStd: 1,
      saturated: 0,
      dead: 0,
      updateRatio: 0.001,
    });
    const telemetry = [
      { step: 1, loss: 1, accuracy: 0.3, layers: [layer(0.5), layer(0.25)] },
      { step: 10, loss: 0.5, accuracy: 0.6, layers: [layer(0.01), layer(null)] },
    ];
    const withTelemetry = await repos.runs.submit(p.id, submission(c.id, { telemetry }));
    expect(withTelemetry.run).not.toHaveProperty("telemetry");
    expect(withTelemetry.run.profile).toEqual([0.01, null]);
    expect(await repos.runs.telemetry(withTelemetry.run.id)).toEqual({
      participantId: p.id,
      challengeId: c.id,
      frames: telemetry,
    });
    const listed = (await repos.runs.listForChallenge(c.id)).find(
      (r) => r.id === withTelemetry.run.id,
    )!;
    expect(listed.profile).toEqual([0.01, null]);
    expect(listed).not.toHaveProperty("telemetry");
  });
});
