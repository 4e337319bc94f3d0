/** A verifier over a throwaway SQLite database holding one challenge and one student. */
import { randomUUID } from "node:crypto";
import type { ChallengeSpec } from "../../../lib/challenges/spec";
import { openDatabase, type Database } from "../../../server/db/database";
import { silentLogger } from "../../../server/log";
import { createRepositories, type Repositories } from "../../../server/repositories";
import type { RunSummary } from "../../../server/repositories/runs";
import { createVerifier, type Verifier } from "../../../server/verifier";
import { throwawayDatabase } from "../db/throwaway";

export interface VerifierFixture {
  database: Database;
  repos: Repositories;
  verifier: Verifier;
  challengeId: string;
  participantId: string;
  /** Every run the verifier settled, in order. */
  settled: RunSummary[];
  close(): Promise<void>;
}

export async function verifierFixture(
  spec: ChallengeSpec,
  testSeed: number,
  options: { threads?: number } = {},
): Promise<VerifierFixture> {
  const throwaway = await throwawayDatabase("sqlite");
  const database = await openDatabase(throwaway.url);
  const repos = createRepositories(database.prisma, database.blobs);
  const settled: RunSummary[] = [];
  const verifier = createVerifier({
    repos,
    onSettled: (run) => settled.push(run),
    logger: silentLogger(),
    sweepEveryMs: 0,
    threads: options.threads ?? 1,
  });
  const teacher = await database.prisma.teacher.create({
    data: { id: randomUUID(), name: "T", email: `${randomUUID()}@school.test` },
  });
  const session = await repos.sessions.create({ teacherId: teacher.id, title: "Verify" });
  const challenge = await repos.challenges.create({
    sessionId: session.id,
    templateKey: null,
    title: "Challenge",
    spec,
    testSeed,
  });
  const participant = await repos.participants.create({
    sessionId: session.id,
    nickname: "Ada",
    nicknameKey: "ada",
    rejoinTokenHash: "h",
  });
  return {
    database,
    repos,
    verifier,
    challengeId: challenge.id,
    participantId: participant.id,
    settled,
    async close() {
      await verifier.close();
      await database.close();
      await throwaway.drop();
    },
  };
}
