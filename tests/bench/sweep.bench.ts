/**
 * How long a class takes to fill a sweep. First trains every slot of the template's grid for real
 * (WASM backend in this process, telemetry every 10 steps as the lab does) and times each: what a
 * student's device spends on that cell. Then starts the real server (one node, SQLite), and
 * `--students` Socket.IO clients join, claim a slot, wait that slot's measured training time (x
 * `--device-factor`: a phone may be slower), submit its weights and take the next slot, until the
 * grid is full. Prints the training times, the time to fill and to verify the grid, and whether any
 * slot was handed out twice.
 *
 *   npm run bench:sweep -- [--template sweep-depth-bn] [--students 30] [--device-factor 1]
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { findTemplate } from "../../lib/challenges/curriculum";
import { slotConfig, slotKey, slotOrder, type Slot } from "../../lib/challenges/sweep";
import { DEFAULT_CONFIG, type NetworkConfig } from "../../lib/nn/config";
import { loadTrainSplit } from "../../lib/nn/datasets/index";
import { Trainer } from "../../lib/nn/trainer";
import { encodeWeights } from "../../lib/nn/weights";
import type { RunSubmission } from "../../lib/protocol/schemas";
import type { SweepSlotView } from "../../lib/protocol/views";
import { startingConfig } from "../../lib/challenges/constraints";
import { selectBackend } from "../../server/engine/backend";
import { throwawayDatabase } from "../integration/db/throwaway";
import { spawnServer } from "../integration/process/spawn";
import { client, nextMatching, ok, signUpTeacher, type Client } from "../support/sockets";

const { values } = parseArgs({
  options: {
    template: { type: "string", default: "sweep-depth-bn" },
    students: { type: "string", default: "30" },
    "device-factor": { type: "string", default: "1" },
  },
});
const STUDENTS = Number(values.students);
const DEVICE_FACTOR = Number(values["device-factor"]);
const template = findTemplate(values.template);
if (!template?.spec.sweep) throw new Error(`${values.template} is not a sweep template`);
const sweep = template.spec.sweep;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

await selectBackend("wasm");
const base: NetworkConfig = startingConfig(template.spec, DEFAULT_CONFIG);
const trained = new Map<string, { seconds: number; run: Omit<RunSubmission, "clientRunId"> }>();
console.log(`training ${slotOrder(sweep).length} slots of ${template.key} on WASM…`);
const trainStart = performance.now();
for (const slot of slotOrder(sweep)) {
  const config = { ...base, ...slotConfig(sweep, slot) } as NetworkConfig;
  const started = performance.now();
  const train = await loadTrainSplit(config.dataset, config.seed);
  const trainer = new Trainer(config, train, { telemetryEvery: 10 });
  await trainer.run();
  const accuracy = (await trainer.evaluate(train)).accuracy;
  const weights = encodeWeights(await trainer.weights());
  const diverged = trainer.status === "diverged";
  trainer.dispose();
  trained.set(slotKey(slot), {
    seconds: (performance.now() - started) / 1000,
    run: {
      challengeId: "",
      config,
      backend: "wasm",
      weights,
      claimed: { accuracy, loss: null, steps: config.steps, diverged, divergedAtStep: null },
      telemetry: [],
    },
  });
}
const trainSeconds = (performance.now() - trainStart) / 1000;
const perSlot = [...trained.values()].map((t) => t.seconds);

const throwaway = await throwawayDatabase("sqlite");
const server = await spawnServer({ DATABASE_URL: throwaway.url, LOG_LEVEL: "warn" });
const sockets: Client[] = [];
try {
  const teacher = await client(server.url, {
    cookie: await signUpTeacher(server.url, "sweep-bench@school.test"),
  });
  sockets.push(teacher);
  const session = await ok(teacher, "session:create", { title: "Sweep bench" });
  const challengeId = (
    await ok(teacher, "challenge:post", { sessionId: session.id, templateKey: template.key })
  ).id;
  await ok(teacher, "challenge:transition", { challengeId, action: "open" });
  await ok(teacher, "session:watch", { sessionId: session.id });
  const total = slotOrder(sweep).length;
  let settled = 0;
  const allVerified = new Promise<number>((resolve) =>
    teacher.on("run:settled", () => {
      if (++settled === total) resolve(performance.now());
    }),
  );
  const handedOut: string[] = [];

  const started = performance.now();
  let filledAt = 0;
  let submitted = 0;
  async function student(i: number) {
    const socket = await client(server.url);
    sockets.push(socket);
    await ok(socket, "participant:join", { joinCode: session.joinCode!, nickname: `S${i}` });
    let slot: SweepSlotView | null = await ok(socket, "sweep:claim", { challengeId });
    while (slot) {
      handedOut.push(slotKey(slot));
      const { seconds, run } = trained.get(slotKey(slot as Slot))!;
      await new Promise((r) => setTimeout(r, seconds * 1000 * DEVICE_FACTOR));
      const next = nextMatching(socket, "sweep:assigned", (a) => a.challengeId === challengeId);
      await ok(socket, "run:submit", { ...run, challengeId, clientRunId: randomUUID() });
      if (++submitted === total) filledAt = performance.now();
      slot = (await next)[0].slot;
    }
  }
  await Promise.all(Array.from({ length: STUDENTS }, (_, i) => student(i)));
  const verifiedAt = await allVerified;
  const state = await ok(teacher, "session:watch", { sessionId: session.id });
  const slots = state.sweepSlots.filter((s) => s.challengeId === challengeId);
  const result = {
    template: template.key,
    slots: total,
    students: STUDENTS,
    deviceFactor: DEVICE_FACTOR,
    trainSecondsPerSlot: {
      median: +median(perSlot).toFixed(2),
      max: +Math.max(...perSlot).toFixed(2),
      total: +trainSeconds.toFixed(1),
    },
    fillSeconds: +((filledAt - started) / 1000).toFixed(1),
    verifiedSeconds: +((verifiedAt - started) / 1000).toFixed(1),
    handedOut: handedOut.length,
    handedOutTwice: handedOut.length - new Set(handedOut).size,
    filled: slots.filter((s) => s.status === "filled").length,
    verified: state.runs.filter((r) => r.challengeId === challengeId && r.status === "verified")
      .length,
  };
  console.log(`
sweep ${template.key}: ${total} slots, ${STUDENTS} students, device time x${DEVICE_FACTOR}
  training per slot (WASM, this machine): median ${result.trainSecondsPerSlot.median} s, max ${result.trainSecondsPerSlot.max} s, all ${result.trainSecondsPerSlot.total} s
  grid filled (last run acknowledged): ${result.fillSeconds} s after the class joined
  grid verified (last run settled):    ${result.verifiedSeconds} s
  slots handed out ${result.handedOut}, twice ${result.handedOutTwice}; filled ${result.filled}, verified ${result.verified}`);
  console.log(JSON.stringify(result));
} finally {
  for (const s of sockets) s.disconnect();
  await server.kill("SIGTERM");
  await throwaway.drop();
}
