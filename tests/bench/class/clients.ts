/**
 * One process of the class benchmark's students: each a Socket.IO client as the browser makes it
 * (websocket, the lab's reconnection delays, its own device id) that joins with the code, follows
 * the leaderboard the way the lab does, submits its run at its moment, and rejoins with its token
 * after a connection it could not recover. Started by class.bench.ts (under `nice`); talks over IPC.
 */
import { io as connect } from "socket.io-client";
import type { RunSubmission } from "../../../lib/protocol/schemas";
import { PROTOCOL_VERSION } from "../../../lib/protocol/schemas";
import { RECONNECT } from "../../../lib/protocol/reconnect";
import { call, followBoard, ok, type Client, type FollowedBoard } from "../../support/sockets";

export interface Student {
  index: number;
  url: string;
  /** Where to reconnect when `url` stops answering (the other node, as a load balancer would). */
  fallbackUrl: string | null;
  /** The loopback address this student connects from (its network). */
  localAddress: string;
  /** Milliseconds after the burst starts when this student submits. */
  submitAfterMs: number;
  run: number;
}

export interface Task {
  joinCode: string;
  challengeId: string;
  sessionId: string;
  /** Load the pages (documents and their scripts) as the student's browser does. */
  pages: boolean;
  students: Student[];
  runs: Omit<RunSubmission, "clientRunId" | "challengeId">[];
}

export interface StudentResult {
  index: number;
  joinMs: number | null;
  ackMs: number | null;
  settledMs: number | null;
  rankedMs: number | null;
  runId: string | null;
  boardBytes: number;
  boardMessages: number;
  refetches: number;
  /** Submissions and joins a busy server asked to send again later (UNAVAILABLE with a retry time). */
  busy: number;
  /** Times the student's connection dropped before the end (a restart's included), and why. */
  dropped: string[];
  /** Documents and scripts loaded from the server (with --pages), and those that failed. */
  pageLoads: number;
  pageFailures: number;
  /** Epoch ms when each rejoin after an unrecovered reconnect was acknowledged. */
  rejoinedAt: number[];
  error: string | null;
}

export type FromParent =
  { kind: "task"; task: Task } | { kind: "burst"; startAt: number } | { kind: "finish" };
export type ToParent =
  { kind: "joined"; count: number; failed: number } | { kind: "results"; results: StudentResult[] };

const send = (m: ToParent) => process.send!(m);

interface Live {
  student: Student;
  socket: Client;
  board: FollowedBoard | null;
  token: string | null;
  result: StudentResult;
}

/** A page as a browser loads it: the document, then each script it names that is not cached. */
async function loadPage(url: string, result: StudentResult, cached: Set<string>): Promise<void> {
  try {
    const res = await fetch(url);
    const html = await res.text();
    result.pageLoads++;
    if (!res.ok) result.pageFailures++;
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
    await Promise.all(
      scripts
        .filter((src) => !cached.has(src))
        .map(async (src) => {
          cached.add(src);
          const r = await fetch(new URL(src, url));
          await r.arrayBuffer();
          result.pageLoads++;
          if (!r.ok) result.pageFailures++;
        }),
    );
  } catch {
    result.pageFailures++;
  }
}

async function join(task: Task, student: Student): Promise<Live> {
  const result: StudentResult = {
    index: student.index,
    joinMs: null,
    ackMs: null,
    settledMs: null,
    rankedMs: null,
    runId: null,
    boardBytes: 0,
    boardMessages: 0,
    refetches: 0,
    busy: 0,
    dropped: [],
    pageLoads: 0,
    pageFailures: 0,
    rejoinedAt: [],
    error: null,
  };
  const started = performance.now();
  // The student's browser: a fresh cache of scripts, filled by the join page.
  const cached = new Set<string>();
  if (task.pages) await loadPage(`${student.url}/join/${task.joinCode}`, result, cached);
  // localAddress goes through to the websocket (engine.io-client passes it on; its types omit it).
  const socket: Client = connect(student.url, {
    transports: ["websocket"],
    auth: { protocolVersion: PROTOCOL_VERSION, deviceId: `bench-device-${student.index}-0000` },
    forceNew: true,
    localAddress: student.localAddress,
    ...RECONNECT,
  } as Parameters<typeof connect>[1]);
  const live: Live = { student, socket, board: null, token: null, result };
  socket.on("disconnect", (reason) => {
    if (reason !== "io client disconnect") result.dropped.push(reason);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  // A busy server's refusal is sent again after the time it gives, as the join page does.
  let joined;
  for (;;) {
    const answer = await call(socket, "participant:join", {
      joinCode: task.joinCode,
      nickname: `Student ${student.index + 1}`,
    });
    if ("data" in answer) {
      joined = answer.data;
      break;
    }
    if (answer.error.retryAfterMs === undefined)
      throw new Error(`participant:join: ${answer.error.code} ${answer.error.message}`);
    result.busy++;
    await new Promise((r) => setTimeout(r, answer.error.retryAfterMs));
  }
  live.token = joined.rejoinToken;
  result.joinMs = performance.now() - started;
  // The lab's page loads after the join (the browser keeps the scripts it already has).
  if (task.pages) await loadPage(`${student.url}/class/${task.sessionId}`, result, cached);
  live.board = await followBoard(socket, task.challengeId);
  // A node that stops answering: the next attempts go to the other node (a load balancer's job).
  if (student.fallbackUrl) {
    const urls = [student.url, student.fallbackUrl];
    let at = 0;
    socket.io.on("reconnect_attempt", (attempt) => {
      if (attempt > 1) (socket.io as unknown as { uri: string }).uri = urls[++at % 2]!;
    });
  }
  // A reconnect the server could not recover (it restarted): back into the class with the token.
  socket.on("connect", () => {
    if (socket.recovered || !live.token) return;
    void ok(socket, "participant:rejoin", { rejoinToken: live.token }).then(
      () => result.rejoinedAt.push(Date.now()),
      (error: unknown) => (result.error = String(error)),
    );
  });
  return live;
}

async function submit(task: Task, live: Live, startAt: number): Promise<void> {
  const { student, socket, result } = live;
  await new Promise((r) =>
    setTimeout(r, Math.max(0, startAt + student.submitAfterMs - Date.now())),
  );
  const submission = {
    ...task.runs[student.run]!,
    challengeId: task.challengeId,
    clientRunId: crypto.randomUUID(),
  };
  const t0 = performance.now();
  let runId: string | null = null;
  const settled = new Promise<void>((resolve) => {
    const onSettled = (run: { clientRunId: string }) => {
      if (run.clientRunId !== submission.clientRunId) return;
      result.settledMs = performance.now() - t0;
      socket.off("run:settled", onSettled);
      resolve();
    };
    socket.on("run:settled", onSettled);
  });
  // An acknowledgement lost to a dropped connection, or a refusal while the student is not yet back
  // in the class on the node it reconnected to, is tried again a second later with the same run id
  // (as a student clicks Submit again).
  // A busy server's refusal (UNAVAILABLE with a retry time) is sent again after that time, as the
  // lab does.
  for (let attempt = 0; attempt < 20 && !runId; attempt++) {
    try {
      const answer = await call(socket, "run:submit", submission);
      if ("data" in answer) {
        runId = answer.data.id;
        break;
      }
      result.error = `run:submit: ${answer.error.code} ${answer.error.message}`;
      if (answer.error.retryAfterMs !== undefined) result.busy++;
      await new Promise((r) => setTimeout(r, answer.error.retryAfterMs ?? 1000));
    } catch (error) {
      result.error = String(error);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  if (!runId) return;
  result.error = null;
  result.ackMs = performance.now() - t0;
  result.runId = runId;
  const ranked = live
    .board!.until((f) => f.mine?.runId === runId, 120_000)
    .then(() => (result.rankedMs = performance.now() - t0))
    .catch(() => undefined);
  await Promise.race([Promise.all([settled, ranked]), new Promise((r) => setTimeout(r, 120_000))]);
}

let lives: Live[] = [];
let task: Task | null = null;
let submitted: Promise<unknown> = Promise.resolve();

process.on("message", (m: FromParent) => {
  if (m.kind === "task") {
    task = m.task;
    void (async () => {
      let failed = 0;
      // Join a few at a time, as a class does over half a minute.
      const queue = [...task.students];
      const joinOne = async (): Promise<void> => {
        const student = queue.shift();
        if (!student) return;
        try {
          lives.push(await join(task!, student));
        } catch {
          failed++;
        }
        return joinOne();
      };
      await Promise.all(Array.from({ length: 16 }, joinOne));
      send({ kind: "joined", count: lives.length, failed });
    })();
  } else if (m.kind === "burst") {
    submitted = Promise.all(lives.map((l) => submit(task!, l, m.startAt)));
  } else {
    void submitted.then(() => {
      for (const l of lives) {
        l.result.boardBytes = l.board?.bytes ?? 0;
        l.result.boardMessages = l.board?.messages ?? 0;
        l.result.refetches = l.board?.refetches ?? 0;
        l.socket.disconnect();
      }
      send({ kind: "results", results: lives.map((l) => l.result) });
      lives = [];
      setTimeout(() => process.exit(0), 100);
    });
  }
});
