/**
 * Predict, sweep, reveal over real sockets: a prediction saved, locked by the first run and scored
 * by the verifier's probe; a sweep's slots handed out, enforced, filled, handed on, and a leaver's
 * slot given to a waiting student.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChallengeSpecInput } from "../../../lib/challenges/spec";
import { baseConfig, trainedRun } from "./fixtures";
import {
  call,
  client,
  nextMatching,
  ok,
  openChallenge,
  signUpTeacher,
  startServer,
  type Client,
  type TestServer,
} from "./harness";

const RELEASE_MS = 300;

const PREDICT: ChallengeSpecInput = {
  dataset: "spiral",
  locked: { width: 16, activation: "sigmoid", init: "normal", sigma: 1 },
  objective: { kind: "accuracy" },
  predict: true,
  prompt: "Predict the gradient profile of a deep sigmoid network.",
};

const SWEEP: ChallengeSpecInput = {
  dataset: "spiral",
  locked: { width: 16, activation: "tanh" },
  objective: { kind: "accuracy" },
  sweep: {
    axes: [
      { knob: "depth", values: [2, 3] },
      { knob: "batchNorm", values: ["off", "before"] },
    ],
    seeds: 1,
  },
  prompt: "Run the cell you are given.",
};

describe("predict and sweep over sockets", () => {
  let server: TestServer;
  const sockets: Client[] = [];
  let teacher: Client;
  const open = async (options: Parameters<typeof client>[1] = {}) => {
    const s = await client(server.url, options);
    sockets.push(s);
    return s;
  };
  type Joined = Awaited<ReturnType<typeof student>>;
  const student = async (joinCode: string, nickname: string) => {
    const s = await open();
    const joined = await ok(s, "participant:join", { joinCode, nickname });
    return { socket: s, id: joined.participant.id, joined };
  };

  beforeAll(async () => {
    server = await startServer("sqlite", { sweepReleaseMs: RELEASE_MS });
    teacher = await open({ cookie: await signUpTeacher(server.url, "experiment@school.test") });
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  it("locks a prediction with the first run, scores it against the probe, reveals it", async () => {
    const { joinCode, sessionId, challengeId } = await openChallenge(teacher, "Predict", {
      title: "Deep sigmoid",
      spec: PREDICT,
    });
    await ok(teacher, "session:watch", { sessionId });
    const ada = await student(joinCode, "Ada");
    const config = baseConfig({ depth: 12, activation: "sigmoid", init: "normal", sigma: 1 });
    const run = await trainedRun(challengeId, config);

    expect(await call(ada.socket, "run:submit", run)).toMatchObject({
      error: { code: "PREDICTION_REQUIRED" },
    });
    const guess = { challengeId, curve: [-4, -2, 0], verdict: "vanishing" as const, accuracy: 0.5 };
    const seen = nextMatching(teacher, "prediction:updated", (p) => p.participantId === ada.id);
    expect(await ok(ada.socket, "prediction:save", guess)).toMatchObject({ locked: false });
    await seen;
    // Changed before training: fine; then Train locks it.
    await ok(ada.socket, "prediction:save", { ...guess, accuracy: 0.6, lock: true });
    expect(await call(ada.socket, "prediction:save", { ...guess, accuracy: 0.9 })).toMatchObject({
      error: { code: "PREDICTION_LOCKED" },
    });

    const scored = nextMatching(ada.socket, "prediction:updated", (p) => p.score !== null);
    await ok(ada.socket, "run:submit", run);
    const [view] = await scored;
    expect(view).toMatchObject({ accuracy: 0.6, locked: true, verdict: "vanishing" });
    const score = view.score!;
    // Layers 2..12 of the 12 hidden layers.
    expect(score.measured).toHaveLength(11);
    expect(score.measured!.at(-1)).toBe(0);
    // A 12-layer sigmoid network with N(0, 1) weights vanishes at initialization.
    expect(score.measuredVerdict).toBe("vanishing");
    expect(score.verdictPoints).toBe(25);
    expect(score.total).toBeCloseTo(score.profilePoints + 25 + score.accuracyPoints, 9);

    // The rejoin brings the student's prediction back; the teacher's state has the class's.
    const again = await ok(ada.socket, "participant:rejoin", {
      rejoinToken: ada.joined.rejoinToken,
    });
    expect(again.predictions).toEqual([view]);
    const state = await ok(teacher, "session:watch", { sessionId });
    expect(state.predictions.map((p) => p.participantId)).toEqual([ada.id]);
    expect(state.challenges[0]!.revealed).toBe(false);
    const told = nextMatching(ada.socket, "challenge:updated", (c) => c.revealed);
    expect(await ok(teacher, "challenge:reveal", { challengeId })).toMatchObject({
      revealed: true,
    });
    await told;

    // After the reveal: a student who never predicted cannot predict now (the answer is out), and
    // needs no prediction to run; nothing of theirs reaches the prediction board.
    const late = await student(joinCode, "Late");
    expect(await call(late.socket, "prediction:save", { ...guess, lock: false })).toMatchObject({
      error: { code: "PREDICTION_CLOSED" },
    });
    const lateRun = await trainedRun(challengeId, config);
    await ok(late.socket, "run:submit", lateRun);
    const after = await ok(teacher, "session:watch", { sessionId });
    expect(after.predictions.map((p) => p.participantId)).toEqual([ada.id]);
    // Ada's locked prediction stays as it was: no change after the reveal either.
    expect(await call(ada.socket, "prediction:save", guess)).toMatchObject({
      error: { code: "PREDICTION_CLOSED" },
    });
  });

  it("hands each student a slot, enforces it, hands on the next and a leaver's slot", async () => {
    const { joinCode, sessionId, challengeId } = await openChallenge(teacher, "Sweep", {
      title: "Depth x BN",
      spec: SWEEP,
    });
    await ok(teacher, "session:watch", { sessionId });
    const students = [];
    for (const name of ["Ben", "Cy", "Di", "Ed", "Flo"])
      students.push(await student(joinCode, name));
    const slots = [];
    for (const s of students) slots.push(await ok(s.socket, "sweep:claim", { challengeId }));
    // Four cells, one seed: the fifth student waits.
    expect(slots.map((s) => s && `${s.cell}:${s.seed}`)).toEqual([
      "0:0",
      "1:0",
      "2:0",
      "3:0",
      null,
    ]);
    expect(slots[2]!.config).toEqual({ depth: 3, batchNorm: "off", seed: 1 });
    const [ben, cy, , , flo] = students as [Joined, Joined, Joined, Joined, Joined];

    // Another cell's config is refused, naming the knob.
    const wrong = await trainedRun(challengeId, baseConfig({ depth: 3, seed: 1 }));
    expect(await call(ben.socket, "run:submit", wrong)).toMatchObject({
      error: { code: "CONSTRAINT_VIOLATION", issues: [{ field: "depth" }] },
    });

    // Ben runs his cell: it is filled, and with every slot taken he gets none next.
    const next = nextMatching(ben.socket, "sweep:assigned", () => true);
    const filled = nextMatching(teacher, "sweep:slot", (c) => c.slot.status === "filled");
    await ok(ben.socket, "run:submit", await trainedRun(challengeId, baseConfig({ seed: 1 })));
    expect((await next)[0]).toEqual({ challengeId, slot: null });
    expect((await filled)[0].slot).toMatchObject({ cell: 0, participantId: ben.id });

    // Cy leaves: after the grace period her slot goes to Flo, who was waiting.
    const handed = nextMatching(flo.socket, "sweep:assigned", (a) => a.slot !== null);
    cy.socket.disconnect();
    const [{ slot }] = await handed;
    expect(slot).toMatchObject({ cell: 1, seed: 0, participantId: flo.id, status: "held" });
    const state = await ok(teacher, "session:watch", { sessionId });
    const mine = state.sweepSlots.filter((s) => s.challengeId === challengeId);
    expect(mine.map((s) => `${s.cell}:${s.participantId}:${s.status}`).sort()).toEqual(
      [
        `0:${ben.id}:filled`,
        `1:${flo.id}:held`,
        `2:${students[2]!.id}:held`,
        `3:${students[3]!.id}:held`,
      ].sort(),
    );
  });
});
