/**
 * Sweep slots handed out by two server nodes at once (two database clients on one database, as
 * two processes would be): no slot twice, one per student, given-back slots handed out again.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { challengeSpecSchema } from "../../../lib/challenges/spec";
import { slotKey, sweepSpecSchema } from "../../../lib/challenges/sweep";
import { openDatabase, type Database } from "../../../server/db/database";
import type { Provider } from "../../../server/db/migrate";
import { createRepositories, type Repositories } from "../../../server/repositories";
import { throwawayDatabase, type Throwaway } from "./throwaway";

const SWEEP = sweepSpecSchema.parse({
  axes: [
    { knob: "depth", values: [2, 4, 6, 8, 10] },
    { knob: "batchNorm", values: ["off", "before"] },
  ],
  seeds: 3,
});

describe.each<Provider>(["postgresql", "sqlite"])("sweep slots on %s, two nodes", (provider) => {
  let throwaway: Throwaway;
  let nodes: Database[];
  let repos: Repositories[];
  let sessionId: string;

  beforeAll(async () => {
    throwaway = await throwawayDatabase(provider);
    nodes = [await openDatabase(throwaway.url), await openDatabase(throwaway.url)];
    repos = nodes.map((n) => createRepositories(n.prisma, n.blobs));
    const teacher = await nodes[0]!.prisma.teacher.create({
      data: { id: randomUUID(), name: "Ada", email: `sweeps-${provider}@school.test` },
    });
    sessionId = (await repos[0]!.sessions.create({ teacherId: teacher.id, title: "Sweep" })).id;
  });

  afterAll(async () => {
    for (const n of nodes) await n.close();
    await throwaway.drop();
  });

  async function challengeWithStudents(count: number) {
    const challenge = await repos[0]!.challenges.create({
      sessionId,
      templateKey: null,
      title: `Sweep ${randomUUID().slice(0, 6)}`,
      spec: challengeSpecSchema.parse({
        dataset: "spiral",
        objective: { kind: "accuracy" },
        prompt: "Sweep.",
        sweep: SWEEP,
      }),
      testSeed: 1,
    });
    const students = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        repos[0]!.participants.create({
          sessionId,
          nickname: `S${challenge.id.slice(-4)}${i}`,
          nicknameKey: `s${challenge.id.slice(-4)}${i}`,
          rejoinTokenHash: randomUUID(),
        }),
      ),
    );
    return { challengeId: challenge.id, students: students.map((s) => s.id) };
  }

  it("hands 40 students racing on two nodes the grid's 30 slots, each once, the rest none", async () => {
    const { challengeId, students } = await challengeWithStudents(40);
    // Every student asks twice at once, once on each node (two tabs, or a reconnect).
    const claims = await Promise.all(
      students.flatMap((id) => repos.map((r) => r.sweeps.claim(challengeId, id, SWEEP))),
    );
    const handed = claims.filter((c) => c !== null);
    const perStudent = new Map<string, Set<string>>();
    for (const c of handed)
      perStudent.set(
        c.participantId,
        new Set([...(perStudent.get(c.participantId) ?? []), slotKey(c)]),
      );
    // Both of a student's calls got the same slot, and no slot went to two students.
    expect([...perStudent.values()].every((s) => s.size === 1)).toBe(true);
    expect(perStudent.size).toBe(30);
    const rows = await nodes[0]!.prisma.sweepSlot.findMany({ where: { challengeId } });
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map(slotKey)).size).toBe(30);
  });

  it("fills a slot with its run, hands the next, frees a leaver's slot for the next claim", async () => {
    const { challengeId, students } = await challengeWithStudents(3);
    const [a, b, c] = students as [string, string, string];
    const first = await repos[0]!.sweeps.claim(challengeId, a, SWEEP);
    const second = await repos[1]!.sweeps.claim(challengeId, b, SWEEP);
    expect([first, second].map((s) => s && slotKey(s))).toEqual(["0:0", "1:0"]);
    const runId = randomUUID();
    expect(await repos[1]!.sweeps.fill(challengeId, a, runId)).toMatchObject({
      runId,
      holderId: null,
    });
    expect(await repos[0]!.sweeps.held(challengeId, a)).toBeNull();
    expect(slotKey((await repos[0]!.sweeps.claim(challengeId, a, SWEEP))!)).toBe("2:0");
    // B leaves: their slot is the first handed out again.
    expect((await repos[0]!.sweeps.release(b)).map(slotKey)).toEqual(["1:0"]);
    expect(slotKey((await repos[1]!.sweeps.claim(challengeId, c, SWEEP))!)).toBe("1:0");
    // A run that could not be verified frees its filled slot too.
    expect(slotKey((await repos[0]!.sweeps.unfill(runId))!)).toBe("0:0");
    expect(slotKey((await repos[0]!.sweeps.claim(challengeId, b, SWEEP))!)).toBe("0:0");
    const listed = await repos[1]!.sweeps.listBySession(sessionId);
    expect(
      listed
        .filter((s) => s.challengeId === challengeId)
        .map(slotKey)
        .sort(),
    ).toEqual(["0:0", "1:0", "2:0"]);
  });
});
