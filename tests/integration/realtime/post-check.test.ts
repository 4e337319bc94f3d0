/**
 * The post-check over real sockets: after their own run scores their prediction, a student predicts
 * again for a network they have not trained (the challenge's transfer item), locked as made and
 * scored against the server's own probe of that network; the teacher sees every post-check, the
 * learning-evidence export carries pre, post and the normalized gain. An assignment under the "due"
 * policy keeps the post-check's score from the student until the due date.
 */
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classGain, evidenceRows, normalizedGain } from "../../../lib/challenges/gain";
import type { ChallengeSpecInput } from "../../../lib/challenges/spec";
import { comparablePoints } from "../../../lib/challenges/transfer";
import type { Provider } from "../../../server/db/migrate";
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

const HOUR = 3600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

const SPEC: ChallengeSpecInput = {
  dataset: "spiral",
  locked: { depth: 6, width: 16, activation: "sigmoid", init: "glorot-uniform" },
  objective: { kind: "accuracy" },
  predict: true,
  postCheck: { transfer: "relu-he-bn-30" },
  prompt: "Predict a deep sigmoid network, then one with batch norm.",
};

/** Rising toward the input by 2.5 decades: what BN at initialization does (Yang et al. 2019). */
const RISING = Array.from({ length: 29 }, (_, i) => 2.5 * (1 - i / 28));

describe.each<Provider>(["sqlite", "postgresql"])("post-checks on %s", (provider) => {
  let server: TestServer;
  let cookie: string;
  let teacher: Client;
  const sockets: Client[] = [];
  const open = async (options: Parameters<typeof client>[1] = {}) => {
    const s = await client(server.url, options);
    sockets.push(s);
    return s;
  };
  const student = async (joinCode: string, nickname: string) => {
    const s = await open();
    const joined = await ok(s, "participant:join", { joinCode, nickname });
    return { socket: s, id: joined.participant.id, token: joined.rejoinToken };
  };
  /** Predicts, trains and submits; resolves with the scored prediction. */
  const predictAndRun = async (
    who: { socket: Client },
    challengeId: string,
    verdict: "vanishing" | "healthy",
    seed: number,
  ) => {
    await ok(who.socket, "prediction:save", {
      challengeId,
      curve: verdict === "vanishing" ? [-3, -2, -1, -0.5, 0] : [0, 0, 0, 0, 0],
      verdict,
      accuracy: 0.5,
      lock: true,
    });
    const run = await trainedRun(
      challengeId,
      baseConfig({ depth: 6, activation: "sigmoid", init: "glorot-uniform", seed }),
    );
    const settled = nextMatching(
      who.socket,
      "run:settled",
      (r) => r.clientRunId === run.clientRunId,
    );
    const scored = nextMatching(who.socket, "prediction:updated", (p) => p.locked);
    await ok(who.socket, "run:submit", run);
    expect((await settled)[0].status).toBe("verified");
    return (await scored)[0];
  };

  beforeAll(async () => {
    server = await startServer(provider);
    cookie = await signUpTeacher(server.url, `post-check-${provider}@school.test`);
    teacher = await open({ cookie });
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  it("takes a post-check after the student's own run, scores it against the transfer network, once", async () => {
    const { joinCode, sessionId, challengeId } = await openChallenge(teacher, "Evidence", {
      title: "Sigmoid, then BN",
      spec: SPEC,
    });
    await ok(teacher, "session:watch", { sessionId });
    const ada = await student(joinCode, "Ada");
    const bo = await student(joinCode, "Bo");

    // Before their own run: not yet, and nothing stored.
    const early = await call(ada.socket, "postcheck:save", {
      challengeId,
      curve: RISING,
      verdict: "exploding",
    });
    expect(early).toMatchObject({ error: { code: "POST_CHECK_NOT_YET" } });

    const adaPre = await predictAndRun(ada, challengeId, "healthy", 1);
    const boPre = await predictAndRun(bo, challengeId, "vanishing", 2);

    const seen = nextMatching(teacher, "postcheck:updated", (p) => p.participantId === ada.id);
    const adaPost = await ok(ada.socket, "postcheck:save", {
      challengeId,
      curve: RISING,
      verdict: "exploding",
    });
    expect(adaPost).toMatchObject({ transfer: "relu-he-bn-30", verdict: "exploding" });
    const score = adaPost.score!;
    // The server's probe of 30 layers of ReLU + He with BN before each activation, at init: the
    // gradient grows toward the input (Yang et al. 2019), so the verdict is exploding.
    expect(score.measuredVerdict).toBe("exploding");
    expect(score.verdictPoints).toBe(25);
    expect(score.measured).toHaveLength(29);
    expect(score.measured!.at(-1)).toBe(0);
    expect(score.measured![0]!).toBeGreaterThan(1);
    expect(score.total).toBeCloseTo(comparablePoints(score), 9);
    expect((await seen)[0].score).toEqual(score);

    // Locked as made.
    expect(
      await call(ada.socket, "postcheck:save", { challengeId, curve: RISING, verdict: "healthy" }),
    ).toMatchObject({ error: { code: "PREDICTION_LOCKED" } });

    // Bo answers the old confusion: vanishing, level.
    const boPost = await ok(bo.socket, "postcheck:save", {
      challengeId,
      curve: Array.from({ length: 29 }, () => 0),
      verdict: "vanishing",
    });
    expect(boPost.score!.verdictPoints).toBe(0);

    // The teacher's state and the learning export agree with the scores, worked out here.
    const state = await ok(teacher, "session:watch", { sessionId });
    expect(state.postChecks.map((p) => p.participantId).sort()).toEqual([ada.id, bo.id].sort());
    const rows = evidenceRows(state.predictions, state.postChecks);
    const pre = new Map([
      [ada.id, comparablePoints(adaPre.score!)],
      [bo.id, comparablePoints(boPre.score!)],
    ]);
    for (const r of rows) expect(r.pre).toBeCloseTo(pre.get(r.participantId)!, 9);
    const g = classGain(rows);
    const preMean = (pre.get(ada.id)! + pre.get(bo.id)!) / 2;
    const postMean = (score.total + boPost.score!.total) / 2;
    expect(g.gain).toBeCloseTo((postMean - preMean) / (100 - preMean), 9);

    const res = await fetch(`${server.url}/api/sessions/${sessionId}/learning.csv`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    const csv = Papa.parse<Record<string, string>>(await res.text(), { header: true }).data;
    const adaRow = csv.find((r) => r.nickname === "Ada")!;
    expect(adaRow).toMatchObject({
      challenge: "Sigmoid, then BN",
      transfer: "relu-he-bn-30",
      postAnswered: "exploding",
      postMeasured: "exploding",
      preAnswered: "healthy",
    });
    expect(Number(adaRow.pre)).toBeCloseTo(pre.get(ada.id)!, 1);
    expect(Number(adaRow.post)).toBeCloseTo(score.total, 1);
    expect(Number(adaRow.gain)).toBeCloseTo(normalizedGain(pre.get(ada.id)!, score.total)!, 3);
    expect((await fetch(`${server.url}/api/sessions/${sessionId}/learning.csv`)).status).toBe(401);
  });

  it("keeps an assignment's post-check score from the student until the due date under the 'due' policy", async () => {
    const session = await ok(teacher, "session:create", {
      title: "Homework: evidence",
      assignment: { opensAt: at(-HOUR), dueAt: at(48 * HOUR), revealPolicy: "due" },
    });
    const { id: challengeId } = await ok(teacher, "challenge:post", {
      sessionId: session.id,
      title: "Sigmoid, then BN",
      spec: SPEC,
    });
    await ok(teacher, "session:watch", { sessionId: session.id });
    const cy = await student(session.joinCode!, "Cy");
    await predictAndRun(cy, challengeId, "vanishing", 3);
    const seen = nextMatching(teacher, "postcheck:updated", (p) => p.participantId === cy.id);
    const made = await ok(cy.socket, "postcheck:save", {
      challengeId,
      curve: RISING,
      verdict: "exploding",
    });
    expect(made.score).toBeNull();
    expect((await seen)[0].score).not.toBeNull();

    // The due date passes (moved by the teacher): coming back, the student sees the score.
    await ok(teacher, "session:configure", {
      sessionId: session.id,
      assignment: { opensAt: at(-2 * HOUR), dueAt: at(-1000) },
    });
    const back = await ok(await open(), "participant:rejoin", { rejoinToken: cy.token });
    expect(back.postChecks).toHaveLength(1);
    expect(back.postChecks[0]!.score).toEqual((await seen)[0].score);
  });
});
