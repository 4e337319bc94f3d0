/**
 * A class at scale against the real server: starts the server (one node on SQLite, or --nodes 2 on
 * PostgreSQL + Redis) on a throwaway database, runs the students as Socket.IO clients in worker
 * processes (at the lowest CPU priority: in a class they are other machines), lets them join, spreads their submissions over a window, and prints what a class
 * feels: join time, submit acknowledgement, submit-to-rank (the student's own board shows the run),
 * verified runs per second, the server's event-loop delay and memory, leaderboard bytes per client,
 * lost and unsettled runs, and verified runs off the board (each node's full board after the burst). With --restart-at S, node 1 is killed (SIGKILL) S seconds into the burst
 * and started again on its port: the table adds how long after it listened each student was back in
 * the class. With --nodes 2 --kill-at S, node 1 is killed and stays down; its students reconnect to
 * node 2 (as behind a load balancer) and the table adds how long after the kill they were back.
 *
 * As a real class uses it: --pages (each student's browser loads the join page, the lab page and
 * their scripts from the server before its socket connects), --dashboard (the teacher's dashboard
 * is open: it watches the session and fetches the full board on each change, at most once a
 * second, as the page does), --hog F (another program on the machine keeps F of one core busy, at
 * the server's priority, all along).
 *
 *   npm run bench:class -- --students 200 [--window 60] [--nodes 2 --database postgresql]
 *                          [--procs 4] [--restart-at 20] [--kill-at 20] [--per-address 500]
 *                          [--profile DIR] [--pages] [--dashboard] [--hog 0.5]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism, cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { challengeSpecSchema } from "../../lib/challenges/spec";
import { DEFAULT_CONFIG, type NetworkConfig } from "../../lib/nn/config";
import { loadTrainSplit } from "../../lib/nn/datasets/index";
import { Trainer } from "../../lib/nn/trainer";
import { encodeWeights } from "../../lib/nn/weights";
import { toWire } from "../../lib/protocol/telemetry";
import { openDatabase } from "../../server/db/database";
import type { Provider } from "../../server/db/migrate";
import { selectBackend } from "../../server/engine/backend";
import { throwawayDatabase } from "../integration/db/throwaway";
import { spawnServer, type ServerProcess } from "../integration/process/spawn";
import { client, ok, signUpTeacher } from "../support/sockets";
import type { FromParent, StudentResult, Task, ToParent } from "./class/clients";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "200" },
    window: { type: "string", default: "60" },
    nodes: { type: "string", default: "1" },
    database: { type: "string" },
    procs: { type: "string", default: "4" },
    "restart-at": { type: "string" },
    /** With two nodes: node 1 is killed (SIGKILL) this many seconds in and stays down. */
    "kill-at": { type: "string" },
    runs: { type: "string", default: "8" },
    "per-address": { type: "string", default: "500" },
    /** A directory: the server's CPU profiles (main thread and verifier threads) go there. */
    profile: { type: "string" },
    pages: { type: "boolean", default: false },
    dashboard: { type: "boolean", default: false },
    /** The share of one core another program keeps busy beside the server (0 to 1). */
    hog: { type: "string", default: "0" },
  },
});
const STUDENTS = Number(values.students);
const WINDOW_S = Number(values.window);
const NODES = Number(values.nodes);
const PROVIDER = (values.database ?? (NODES > 1 ? "postgresql" : "sqlite")) as Provider;
const PROCS = Math.min(Number(values.procs), STUDENTS);
const RESTART_AT_S = values["restart-at"] ? Number(values["restart-at"]) : null;
const KILL_AT_S = values["kill-at"] ? Number(values["kill-at"]) : null;
if (KILL_AT_S !== null && NODES < 2) throw new Error("--kill-at needs --nodes 2");
const DISTINCT_RUNS = Number(values.runs);
/** Students per network address (a lecture hall's NAT): they connect from 127.0.0.2, .3, ... */
const PER_ADDRESS = Number(values["per-address"]);
const HOG = Math.min(1, Math.max(0, Number(values.hog)));
if (NODES > 1 && PROVIDER === "sqlite") throw new Error("two nodes need --database postgresql");

const CLIENTS = new URL("./class/clients.ts", import.meta.url);
const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const secs = (ms: number | null) => (ms === null ? "-" : `${(ms / 1000).toFixed(2)} s`);

// The submissions: a 10 x 32 sigmoid network trained from DISTINCT_RUNS seeds, with the lab's
// telemetry (every 10 steps, down-sampled on the wire); students share them round-robin.
await selectBackend("wasm");
const config: NetworkConfig = {
  ...DEFAULT_CONFIG,
  depth: 10,
  width: 32,
  activation: "sigmoid",
  init: "glorot-normal",
  steps: 500,
};
const runs: Task["runs"] = [];
for (let seed = 0; seed < DISTINCT_RUNS; seed++) {
  const c = { ...config, seed };
  const train = await loadTrainSplit(c.dataset, c.seed);
  const trainer = new Trainer(c, train, { telemetryEvery: 10 });
  const frames = (await trainer.run(100)).flatMap((chunk) => chunk.frames);
  const accuracy = (await trainer.evaluate(train)).accuracy;
  runs.push({
    config: c,
    backend: "wasm",
    weights: encodeWeights(await trainer.weights()),
    claimed: { accuracy, loss: 0.5, steps: c.steps, diverged: false, divergedAtStep: null },
    telemetry: toWire(frames),
  });
  trainer.dispose();
}
const runBytes = {
  weights: runs[0]!.weights.byteLength,
  telemetry: JSON.stringify(runs[0]!.telemetry).length,
};

const db = await throwawayDatabase(PROVIDER);
const env: Record<string, string> = {
  DATABASE_URL: db.url,
  BETTER_AUTH_SECRET: "class-bench-secret-at-least-32-characters!!",
  LOG_LEVEL: "warn",
  ...(NODES > 1 ? { REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379" } : {}),
};
const nodes: ServerProcess[] = [];
const nodeArgs = values.profile ? ["--cpu-prof", `--cpu-prof-dir=${values.profile}`] : [];
const serveWith = { nodeArgs, web: values.pages ?? false };
for (let i = 0; i < NODES; i++) nodes.push(await spawnServer(env, serveWith));
const port = (url: string) => new URL(url).port;

const teacherCookie = await signUpTeacher(nodes[0]!.url, "bench@school.test");
const teacher = await client(nodes[0]!.url, { cookie: teacherCookie });
const session = await ok(teacher, "session:create", { title: "Class benchmark" });
const challengeId = (
  await ok(teacher, "challenge:post", {
    sessionId: session.id,
    title: "Deep sigmoid",
    spec: challengeSpecSchema.parse({
      dataset: config.dataset,
      objective: { kind: "accuracy" },
      prompt: "Benchmark",
      limits: { maxSubmissions: 5, timeLimitSec: null },
    }),
  })
).id;
await ok(teacher, "challenge:transition", { challengeId, action: "open" });

// Another program on the machine: busy for HOG of every 100 ms, at the server's own priority.
const hog =
  HOG > 0
    ? spawn(
        process.execPath,
        [
          "-e",
          `const wait = new Int32Array(new SharedArrayBuffer(4));
           for (;;) { const t = Date.now(); while (Date.now() - t < ${HOG * 100}); Atomics.wait(wait, 0, 0, ${(1 - HOG) * 100}); }`,
        ],
        { stdio: "ignore" },
      )
    : null;

// The teacher's dashboard, open all along: it watches the session and fetches the whole board on
// each change, then at most once a second (app/teacher/session/[sessionId]/use-teacher-state.ts).
const dashboard = { fetches: 0, bytes: 0, failed: 0 };
let dashboardSocket: Awaited<ReturnType<typeof client>> | null = null;
if (values.dashboard) {
  dashboardSocket = await client(nodes[0]!.url, { cookie: teacherCookie });
  await ok(dashboardSocket, "session:watch", { sessionId: session.id });
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dirty = false;
  const refetch = () => {
    if (timer) {
      dirty = true;
      return;
    }
    ok(dashboardSocket!, "leaderboard:get", { challengeId, full: true }).then(
      (board) => {
        dashboard.fetches++;
        dashboard.bytes += JSON.stringify(board).length;
      },
      () => dashboard.failed++,
    );
    timer = setTimeout(() => {
      timer = null;
      if (dirty) {
        dirty = false;
        refetch();
      }
    }, 1000);
  };
  dashboardSocket.on("leaderboard:update", refetch);
}

// The server's health (event-loop delay since the previous poll, memory, queue), every second.
const health: {
  at: number;
  node: number;
  p99: number;
  max: number;
  rss: number;
  queued: number;
}[] = [];
let polling = true;
const poll = (async () => {
  while (polling) {
    await Promise.all(
      nodes.map(async (n, node) => {
        try {
          const h = (await (await fetch(`${n.url}/healthz`)).json()) as {
            process: { rssMiB: number; eventLoopDelayMs: { p99: number; max: number } };
            checks: { verifier: { queued: number } };
          };
          health.push({
            at: Date.now(),
            node,
            p99: h.process.eventLoopDelayMs.p99,
            max: h.process.eventLoopDelayMs.max,
            rss: h.process.rssMiB,
            queued: h.checks.verifier.queued,
          });
        } catch {
          // down (a restart): nothing to sample
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
  }
})();

// The students, in PROCS worker processes; submissions evenly spread over the window.
const workers: ChildProcess[] = [];
const slices: Task["students"][] = Array.from({ length: PROCS }, () => []);
for (let i = 0; i < STUDENTS; i++)
  slices[i % PROCS]!.push({
    index: i,
    url: nodes[i % NODES]!.url,
    fallbackUrl: NODES > 1 ? nodes[(i + 1) % NODES]!.url : null,
    localAddress: `127.0.0.${2 + Math.floor(i / PER_ADDRESS)}`,
    submitAfterMs: Math.round((i / STUDENTS) * WINDOW_S * 1000),
    run: i % runs.length,
  });
const message = (w: ChildProcess, m: FromParent) => w.send(m);
const replies = (w: ChildProcess, kind: ToParent["kind"]) =>
  new Promise<ToParent>((resolve) => {
    const on = (m: ToParent) => {
      if (m.kind !== kind) return;
      w.off("message", on);
      resolve(m);
    };
    w.on("message", on);
  });
for (const students of slices) {
  // The students' processes run at the lowest CPU priority: in a class they are other machines,
  // so here they must not take the server's cores (the server and its verifier threads come first).
  const w = spawn(
    "nice",
    ["-n", "19", process.execPath, "--import", "tsx", fileURLToPath(CLIENTS)],
    { stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" },
  );
  workers.push(w);
  message(w, {
    kind: "task",
    task: {
      joinCode: session.joinCode!,
      challengeId,
      sessionId: session.id,
      pages: values.pages ?? false,
      students,
      runs,
    },
  });
}
const joinStarted = Date.now();
const joined = (await Promise.all(workers.map((w) => replies(w, "joined")))) as Extract<
  ToParent,
  { kind: "joined" }
>[];
const joinSeconds = (Date.now() - joinStarted) / 1000;
const joinFailed = joined.reduce((n, j) => n + j.failed, 0);

const startAt = Date.now() + 1000;
for (const w of workers) message(w, { kind: "burst", startAt });
let listeningAgainAt: number | null = null;
if (RESTART_AT_S !== null) {
  await new Promise((r) => setTimeout(r, startAt + RESTART_AT_S * 1000 - Date.now()));
  const victim = nodes[0]!;
  await victim.kill("SIGKILL");
  nodes[0] = await spawnServer({ ...env, PORT: port(victim.url) }, serveWith);
  listeningAgainAt = Date.now();
}
let killedAt: number | null = null;
if (KILL_AT_S !== null) {
  await new Promise((r) => setTimeout(r, startAt + KILL_AT_S * 1000 - Date.now()));
  await nodes[0]!.kill("SIGKILL");
  killedAt = Date.now();
}
await new Promise((r) => setTimeout(r, startAt + WINDOW_S * 1000 - Date.now()));
const lastSubmissionAt = Date.now();
// Ten seconds after the last submission: what is not settled then is "unsettled".
await new Promise((r) => setTimeout(r, 10_000));
const check = await openDatabase(db.url);
const unsettledAt10s = await check.prisma.run.count({ where: { status: "pending" } });
for (const w of workers) message(w, { kind: "finish" });
const results = (
  (await Promise.all(workers.map((w) => replies(w, "results")))) as Extract<
    ToParent,
    { kind: "results" }
  >[]
).flatMap((r) => r.results);
polling = false;
await poll;

const acked = results.filter((r) => r.runId !== null);
const stored = await check.prisma.run.findMany({
  select: { id: true, status: true, submittedAt: true, verifiedAt: true },
});
const storedIds = new Set(stored.map((r) => r.id));
// Off the board: a student with a verified, scored run whom a node's full board does not list
// (every node is asked: each streams its own copy).
const scoredBy = new Set(
  (
    await check.prisma.run.findMany({
      where: { status: "verified", score: { not: null }, participant: { removed: false } },
      select: { participantId: true },
    })
  ).map((r) => r.participantId),
);
const offBoardPerNode: number[] = [];
// (A node killed for good, --kill-at, has no board to ask.)
for (const node of killedAt === null ? nodes : nodes.slice(1)) {
  const asker = await client(node.url, { cookie: teacherCookie });
  const board = await ok(asker, "leaderboard:get", { challengeId, full: true });
  const listed = new Set(board.entries.map((e) => e.participantId));
  offBoardPerNode.push([...scoredBy].filter((id) => !listed.has(id)).length);
  asker.disconnect();
}
const verifiedTimes = stored
  .filter((r) => r.verifiedAt)
  .map((r) => r.verifiedAt!.getTime())
  .sort((a, b) => a - b);
await check.close();
teacher.disconnect();
dashboardSocket?.disconnect();
hog?.kill();
for (const n of nodes) await n.kill("SIGTERM");
await db.drop();

const values_ = (pick: (r: StudentResult) => number | null) =>
  results.map(pick).filter((x): x is number => x !== null);
const ack = values_((r) => r.ackMs);
const rank = values_((r) => r.rankedMs);
const join = values_((r) => r.joinMs);
const bytes = values_((r) => r.boardBytes);
const verifiedSpan =
  verifiedTimes.length > 1 ? (verifiedTimes.at(-1)! - verifiedTimes[0]!) / 1000 : null;
const during = health.filter((h) => h.at >= startAt);
const rejoin =
  listeningAgainAt === null
    ? null
    : results
        .filter((r) => r.index % NODES === 0)
        .map((r) => {
          const back = r.rejoinedAt.find((t) => t >= listeningAgainAt!);
          return back === undefined ? null : back - listeningAgainAt!;
        });
// Students of the killed node: how long after the kill each was back in the class on the other.
const failover =
  killedAt === null
    ? null
    : results
        .filter((r) => r.index % NODES === 0)
        .map((r) => {
          const back = r.rejoinedAt.find((t) => t >= killedAt!);
          return back === undefined ? null : back - killedAt!;
        });
const report = {
  machine: `${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  setup: `${NODES} node(s), ${PROVIDER}, ${PROCS} client processes, ${STUDENTS} students (${PER_ADDRESS} per address), submissions over ${WINDOW_S} s${values.pages ? ", pages served" : ""}${values.dashboard ? ", the teacher's dashboard open" : ""}${HOG > 0 ? `, another program busy ${HOG} of a core` : ""}`,
  run: `10 x 32 sigmoid, ${DISTINCT_RUNS} distinct seeds; ${runBytes.weights} B weights, ${runBytes.telemetry} B telemetry per submission`,
  students: STUDENTS,
  joinFailed,
  joinSeconds: Number(joinSeconds.toFixed(1)),
  joinP99Ms: quantile(join, 0.99),
  acknowledged: acked.length,
  ackP50Ms: quantile(ack, 0.5),
  ackP99Ms: quantile(ack, 0.99),
  rankP50Ms: quantile(rank, 0.5),
  rankP99Ms: quantile(rank, 0.99),
  rankP90Ms: quantile(rank, 0.9),
  rankMaxMs: quantile(rank, 1),
  ranked: rank.length,
  verifiedPerSecond: verifiedSpan
    ? Number(((verifiedTimes.length - 1) / verifiedSpan).toFixed(1))
    : null,
  eventLoopP99MaxMs: during.length ? Math.max(...during.map((h) => h.p99)) : null,
  eventLoopP99MedianMs: quantile(
    during.map((h) => h.p99),
    0.5,
  ),
  eventLoopMaxMs: during.length ? Math.max(...during.map((h) => h.max)) : null,
  rssMaxMiB: health.length ? Math.max(...health.map((h) => h.rss)) : null,
  verifierQueueMax: during.length ? Math.max(...during.map((h) => h.queued)) : null,
  boardBytesPerClientP50: quantile(bytes, 0.5),
  boardBytesPerClientMax: quantile(bytes, 1),
  refetches: results.reduce((n, r) => n + r.refetches, 0),
  busyRefusals: results.reduce((n, r) => n + r.busy, 0),
  socketsDropped: results.reduce((n, r) => n + r.dropped.length, 0),
  dropReasons: [...new Set(results.flatMap((r) => r.dropped))],
  pageLoads: results.reduce((n, r) => n + r.pageLoads, 0),
  pageFailures: results.reduce((n, r) => n + r.pageFailures, 0),
  dashboardFetches: dashboard.fetches,
  dashboardBytes: dashboard.bytes,
  dashboardFailed: dashboard.failed,
  lost: acked.filter((r) => !storedIds.has(r.runId!)).length,
  offBoard: Math.max(...offBoardPerNode),
  unsettledAt10s,
  notAcknowledged: STUDENTS - joinFailed - acked.length,
  ...(rejoin
    ? {
        restartAtS: RESTART_AT_S,
        backInClassP50Ms: quantile(
          rejoin.filter((x): x is number => x !== null),
          0.5,
        ),
        backInClassP99Ms: quantile(
          rejoin.filter((x): x is number => x !== null),
          0.99,
        ),
        neverBack: rejoin.filter((x) => x === null).length,
      }
    : {}),
  ...(failover
    ? {
        killAtS: KILL_AT_S,
        movedP50Ms: quantile(
          failover.filter((x): x is number => x !== null),
          0.5,
        ),
        movedP99Ms: quantile(
          failover.filter((x): x is number => x !== null),
          0.99,
        ),
        neverMoved: failover.filter((x) => x === null).length,
      }
    : {}),
  lastSubmissionAt: new Date(lastSubmissionAt).toISOString(),
};
console.log(
  [
    `class benchmark: ${report.setup}`,
    report.machine,
    report.run,
    `join: ${STUDENTS - joinFailed}/${STUDENTS} in ${report.joinSeconds} s (p99 ${secs(report.joinP99Ms)})`,
    `submit ack p50 ${secs(report.ackP50Ms)}, p99 ${secs(report.ackP99Ms)} (${acked.length} acknowledged)`,
    `submit to rank p50 ${secs(report.rankP50Ms)}, p90 ${secs(report.rankP90Ms)}, p99 ${secs(report.rankP99Ms)}, max ${secs(report.rankMaxMs)} (${rank.length} ranked)`,
    `verified runs/s ${report.verifiedPerSecond ?? "-"}`,
    `event-loop delay p99 (per second, worst) ${report.eventLoopP99MaxMs} ms, median ${report.eventLoopP99MedianMs} ms, max ${report.eventLoopMaxMs} ms`,
    `server RSS max ${report.rssMaxMiB} MiB, runs waiting for the verifier at most ${report.verifierQueueMax}`,
    `leaderboard bytes per client p50 ${report.boardBytesPerClientP50}, max ${report.boardBytesPerClientMax} (refetches ${report.refetches})`,
    ...(values.pages
      ? [`pages: ${report.pageLoads} loaded (documents and scripts), ${report.pageFailures} failed`]
      : []),
    ...(values.dashboard
      ? [
          `teacher's dashboard: ${report.dashboardFetches} full-board fetches, ${report.dashboardBytes} B, ${report.dashboardFailed} failed`,
        ]
      : []),
    `busy server: ${report.busyRefusals} joins and submissions asked to come back later (and sent again); sockets dropped ${report.socketsDropped}${report.dropReasons.length ? ` (${report.dropReasons.join(", ")})` : ""}`,
    `lost ${report.lost}, unsettled 10 s after the last submission ${report.unsettledAt10s}, not acknowledged ${report.notAcknowledged}, verified runs off the board ${report.offBoard} (worst node)`,
    ...(rejoin
      ? [
          `after SIGKILL at ${RESTART_AT_S} s: back in class p50 ${secs(report.backInClassP50Ms ?? null)}, p99 ${secs(report.backInClassP99Ms ?? null)} after listening (${report.neverBack} never back)`,
        ]
      : []),
    ...(failover
      ? [
          `after SIGKILL of node 1 at ${KILL_AT_S} s: its students back in class on node 2 p50 ${secs(report.movedP50Ms ?? null)}, p99 ${secs(report.movedP99Ms ?? null)} after the kill (${report.neverMoved} never back)`,
        ]
      : []),
  ].join("\n"),
);
console.log(JSON.stringify(report));
process.exit(0);
