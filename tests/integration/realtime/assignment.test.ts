/**
 * Assignments over real sockets: a self-paced session with an opening and a due date. Nothing is
 * taken before the opening; after the due date late work is marked or refused; predictions close at
 * the due date, and under the "due" policy a student sees their prediction's score only then. The
 * teacher moves the dates (as the clock would): the server reads the time at each request.
 */
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLate, progressCell, timesOf } from "../../../lib/challenges/assignment";
import type { ChallengeSpecInput } from "../../../lib/challenges/spec";
import type { Provider } from "../../../server/db/migrate";
import { SPEC, baseConfig, trainedRun } from "./fixtures";
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

const PREDICT: ChallengeSpecInput = {
  dataset: "spiral",
  locked: { width: 16, activation: "sigmoid", init: "normal", sigma: 1 },
  objective: { kind: "accuracy" },
  predict: true,
  prompt: "Predict the gradient profile of a deep sigmoid network.",
};

describe.each<Provider>(["sqlite", "postgresql"])("assignments over sockets on %s", (provider) => {
  let server: TestServer;
  const sockets: Client[] = [];
  let teacher: Client;
  let cookie: string;
  const open = async (options: Parameters<typeof client>[1] = {}) => {
    const s = await client(server.url, options);
    sockets.push(s);
    return s;
  };
  const student = async (joinCode: string, nickname: string) => {
    const s = await open();
    const joined = await ok(s, "participant:join", { joinCode, nickname });
    return { socket: s, id: joined.participant.id, joined };
  };

  beforeAll(async () => {
    server = await startServer(provider);
    cookie = await signUpTeacher(server.url, "homework@school.test");
    teacher = await open({ cookie });
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  it("takes no run before the opening, ranks runs while open, marks late ones after the due date", async () => {
    const session = await ok(teacher, "session:create", {
      title: "Homework: two layers",
      assignment: { opensAt: at(HOUR), dueAt: at(48 * HOUR) },
    });
    expect(session).toMatchObject({
      kind: "assignment",
      latePolicy: "mark",
      revealPolicy: "own-run",
    });
    // Posted to an assignment, a challenge is open at once and untimed: no teacher opens it later.
    const posted = await ok(teacher, "challenge:post", {
      sessionId: session.id,
      title: "Two layers",
      spec: { ...SPEC, limits: { maxSubmissions: 3, timeLimitSec: 600 } },
    });
    expect(posted).toMatchObject({ status: "open", closesAt: null });
    const challengeId = posted.id;
    const ada = await student(session.joinCode!, "Ada");
    expect(ada.joined.session).toMatchObject({ kind: "assignment" });
    const run = await trainedRun(challengeId, baseConfig());

    const early = await call(ada.socket, "run:submit", run);
    expect(early).toMatchObject({ error: { code: "CHALLENGE_NOT_OPEN" } });
    expect(await ok(ada.socket, "run:list", { challengeId })).toEqual([]);

    // The opening passes: the same run is taken and ranked. The due date is 1.5 s away.
    const dueAt = at(1500);
    const moved = await ok(teacher, "session:configure", {
      sessionId: session.id,
      assignment: { opensAt: at(-HOUR), dueAt },
    });
    const settled = nextMatching(
      ada.socket,
      "run:settled",
      (r) => r.clientRunId === run.clientRunId,
    );
    await ok(ada.socket, "run:submit", run);
    expect((await settled)[0].status).toBe("verified");

    // The due date passes; late work is marked (the default).
    await new Promise((resolve) => setTimeout(resolve, Date.parse(dueAt) + 50 - Date.now()));
    const bo = await student(session.joinCode!, "Bo");
    const late = await trainedRun(challengeId, baseConfig({ seed: 7 }));
    await ok(bo.socket, "run:submit", late);

    const state = await ok(teacher, "session:watch", { sessionId: session.id });
    const times = timesOf(moved);
    const runsOf = (id: string) => state.runs.filter((r) => r.participantId === id);
    expect(runsOf(ada.id).map((r) => isLate(times, Date.parse(r.submittedAt)))).toEqual([false]);
    expect(runsOf(bo.id).map((r) => isLate(times, Date.parse(r.submittedAt)))).toEqual([true]);
    expect(progressCell(times, runsOf(ada.id), false)).toMatchObject({
      state: "verified",
      late: false,
    });
    expect(progressCell(times, runsOf(bo.id), false)).toMatchObject({ late: true, onlyLate: true });

    // The gradebook: each student's best verified accuracy in percent, late work included (marked).
    const gradebook = async (lms: string, headers: Record<string, string> = { cookie }) => {
      const res = await fetch(`${server.url}/api/sessions/${session.id}/gradebook.csv?lms=${lms}`, {
        headers,
      });
      return { status: res.status, rows: Papa.parse<string[]>(await res.text()).data };
    };
    const percent = (r: (typeof state.runs)[number]) =>
      String(Math.round(1000 * r.verifiedAccuracy!) / 10);
    await expect
      .poll(async () =>
        (await ok(teacher, "session:watch", { sessionId: session.id })).runs.every(
          (r) => r.status === "verified",
        ),
      )
      .toBe(true);
    const settledState = await ok(teacher, "session:watch", { sessionId: session.id });
    const [adaRun] = settledState.runs.filter((r) => r.participantId === ada.id);
    const [boRun] = settledState.runs.filter((r) => r.participantId === bo.id);
    expect((await gradebook("canvas")).rows).toEqual([
      ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Homework: two layers"],
      ["Points Possible", "", "", "", "", "100"],
      ["Ada", "", "", "", "", percent(adaRun!)],
      ["Bo", "", "", "", "", percent(boRun!)],
    ]);
    expect((await gradebook("moodle")).rows).toEqual([
      ["Student", "Email address", "Homework: two layers", "Two layers (points)", "Late"],
      ["Ada", "", percent(adaRun!), percent(adaRun!), "no"],
      ["Bo", "", percent(boRun!), percent(boRun!), "yes"],
    ]);
    expect((await gradebook("classroom")).rows[0]).toEqual([
      "Last Name",
      "First Name",
      "Email Address",
      "Homework: two layers",
    ]);
    expect((await gradebook("blackboard")).status).toBe(400);
    expect((await gradebook("canvas", {})).status).toBe(401);

    // Refused instead: nothing is stored.
    await ok(teacher, "session:configure", {
      sessionId: session.id,
      assignment: { opensAt: at(-2 * HOUR), dueAt: at(-HOUR), latePolicy: "refuse" },
    });
    const cy = await student(session.joinCode!, "Cy");
    const refused = await call(
      cy.socket,
      "run:submit",
      await trainedRun(challengeId, baseConfig()),
    );
    expect(refused).toMatchObject({ error: { code: "PAST_DUE" } });
    expect(await ok(cy.socket, "run:list", { challengeId })).toEqual([]);
  });

  it("refuses dates that make no sense and dates on a live session, changing nothing", async () => {
    const session = await ok(teacher, "session:create", {
      title: "Homework: bad dates",
      assignment: { opensAt: at(0), dueAt: at(HOUR) },
    });
    const backwards = await call(teacher, "session:configure", {
      sessionId: session.id,
      assignment: { opensAt: at(HOUR), dueAt: at(0) },
    });
    expect(backwards).toMatchObject({ error: { code: "BAD_REQUEST" } });
    const notADate = await call(teacher, "session:create", {
      title: "x",
      assignment: { opensAt: "tomorrow", dueAt: at(HOUR) },
    } as never);
    expect(notADate).toMatchObject({ error: { code: "BAD_REQUEST" } });
    const { dueAt } = (await ok(teacher, "session:list", {})).find((s) => s.id === session.id)!;
    expect(dueAt).toBe(session.dueAt);

    const live = await ok(teacher, "session:create", { title: "Period 2" });
    expect(
      await call(teacher, "session:configure", {
        sessionId: live.id,
        assignment: { opensAt: at(0), dueAt: at(HOUR) },
      }),
    ).toMatchObject({ error: { code: "BAD_REQUEST" } });
    expect((await ok(teacher, "session:list", {})).find((s) => s.id === live.id)).toMatchObject({
      kind: "live",
      dueAt: null,
    });
  });

  it("under the 'due' policy keeps a student's prediction score back until the due date, then closes predictions", async () => {
    const session = await ok(teacher, "session:create", {
      title: "Homework: predict",
      assignment: { opensAt: at(-HOUR), dueAt: at(HOUR), revealPolicy: "due" },
    });
    const { id: challengeId } = await ok(teacher, "challenge:post", {
      sessionId: session.id,
      title: "Deep sigmoid",
      spec: PREDICT,
    });
    await ok(teacher, "session:watch", { sessionId: session.id });
    const ada = await student(session.joinCode!, "Ada");
    const guess = { challengeId, curve: [-4, -2, 0], verdict: "vanishing" as const, accuracy: 0.5 };
    await ok(ada.socket, "prediction:save", { ...guess, lock: true });

    const teacherSees = nextMatching(teacher, "prediction:updated", (p) => p.score !== null);
    const adaSees = nextMatching(ada.socket, "prediction:updated", (p) => p.locked);
    const config = baseConfig({ depth: 12, activation: "sigmoid", init: "normal", sigma: 1 });
    await ok(ada.socket, "run:submit", await trainedRun(challengeId, config));
    const [scored] = await teacherSees;
    expect(scored.score!.measuredVerdict).toBe("vanishing");
    expect((await adaSees)[0].score).toBeNull();
    const back = await ok(ada.socket, "participant:rejoin", {
      rejoinToken: ada.joined.rejoinToken,
    });
    expect(back.predictions[0]!.score).toBeNull();

    // The due date passes: Ada sees her score; a latecomer can no longer predict and trains without.
    await ok(teacher, "session:configure", {
      sessionId: session.id,
      assignment: { opensAt: at(-2 * HOUR), dueAt: at(-1000), revealPolicy: "due" },
    });
    const after = await ok(ada.socket, "participant:rejoin", {
      rejoinToken: ada.joined.rejoinToken,
    });
    expect(after.predictions[0]!.score).toEqual(scored.score);
    const bo = await student(session.joinCode!, "Bo");
    expect(await call(bo.socket, "prediction:save", guess)).toMatchObject({
      error: { code: "PREDICTION_CLOSED" },
    });
    const late = await call(bo.socket, "run:submit", await trainedRun(challengeId, config));
    expect(late).toMatchObject({ data: { status: "pending" } });
  });

  it("makes homework from a class's challenges: new boards, open at once; never from another teacher's", async () => {
    const live = await openChallenge(teacher, "Period 3", { title: "Warm-up", spec: SPEC });
    const homework = await ok(teacher, "session:create", {
      title: "Period 3 homework",
      assignment: { opensAt: at(0), dueAt: at(24 * HOUR) },
      fromSessionId: live.sessionId,
    });
    const state = await ok(teacher, "session:watch", { sessionId: homework.id });
    expect(state.challenges.map((c) => [c.title, c.status])).toEqual([["Warm-up", "open"]]);
    expect(state.challenges[0]!.id).not.toBe(live.challengeId);

    const other = await open({ cookie: await signUpTeacher(server.url, "other@school.test") });
    expect(
      await call(other, "session:create", {
        title: "Stolen",
        assignment: { opensAt: at(0), dueAt: at(HOUR) },
        fromSessionId: live.sessionId,
      }),
    ).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(await ok(other, "session:list", {})).toEqual([]);
  });
});
