/** Challenges of a session, with status changes as atomic compare-and-set transitions. */
import { challengeSpecSchema, type ChallengeSpec } from "../../lib/challenges/spec";
import {
  CHALLENGE_STATUSES,
  TRANSITIONS,
  type ChallengeAction,
  type ChallengeStatus,
} from "../../lib/challenges/status";
import type { Db } from "../db/database";

export { CHALLENGE_STATUSES, TRANSITIONS, type ChallengeStatus };

export interface ChallengeRecord {
  id: string;
  sessionId: string;
  templateKey: string | null;
  title: string;
  spec: ChallengeSpec;
  status: ChallengeStatus;
  /** Secret: seeds the hidden test split; never leaves the server. */
  testSeed: number;
  position: number;
  createdAt: Date;
  openedAt: Date | null;
  closesAt: Date | null;
  /** When the teacher revealed the measured profiles over the class's predictions. */
  revealedAt: Date | null;
}

export type ChallengeFixed = Pick<ChallengeRecord, "id" | "sessionId" | "spec" | "testSeed">;

/** Challenges whose fixed part each process keeps (a class posts a handful). */
export const FIXED_CACHE = 1_000;

export interface ChallengeRepository {
  create(input: {
    sessionId: string;
    templateKey: string | null;
    title: string;
    spec: ChallengeSpec;
    testSeed: number;
  }): Promise<ChallengeRecord>;
  findById(id: string): Promise<ChallengeRecord | null>;
  /**
   * What never changes once a challenge is posted (its session, spec and hidden seed): read once
   * per process, then from memory.
   */
  fixed(id: string): Promise<ChallengeFixed | null>;
  listBySession(sessionId: string): Promise<ChallengeRecord[]>;
  /**
   * Applies the action if the challenge is in one of its source statuses; null otherwise. Opening
   * starts the spec's time limit, unless `untimed` (an assignment's due date is its limit).
   */
  transition(
    id: string,
    action: ChallengeAction,
    now?: Date,
    options?: { untimed?: boolean },
  ): Promise<ChallengeRecord | null>;
  /** Marks the predictions' reveal (once: a second reveal keeps the first time). */
  reveal(id: string, now?: Date): Promise<ChallengeRecord | null>;
}

type Row = Omit<ChallengeRecord, "spec" | "status"> & { spec: unknown; status: string };

export function challengeRepository(db: Db): ChallengeRepository {
  const fixedById = new Map<string, ChallengeFixed>();

  /** The fixed part of a row, parsed once per process. */
  function fixedOf(row: Pick<Row, "id" | "sessionId" | "spec" | "testSeed">): ChallengeFixed {
    let fixed = fixedById.get(row.id);
    if (!fixed) {
      fixed = {
        id: row.id,
        sessionId: row.sessionId,
        spec: challengeSpecSchema.parse(row.spec),
        testSeed: row.testSeed,
      };
      if (fixedById.size >= FIXED_CACHE) fixedById.delete(fixedById.keys().next().value!);
      fixedById.set(row.id, fixed);
    }
    return fixed;
  }

  function toRecord(row: Row): ChallengeRecord {
    const status = CHALLENGE_STATUSES.find((s) => s === row.status);
    if (!status) throw new Error(`challenge ${row.id} has an unknown status ${row.status}`);
    return { ...row, status, spec: fixedOf(row).spec };
  }

  return {
    async fixed(id) {
      const known = fixedById.get(id);
      if (known) return known;
      const row = await db.challenge.findUnique({
        where: { id },
        select: { id: true, sessionId: true, spec: true, testSeed: true },
      });
      return row ? fixedOf(row) : null;
    },
    async create({ sessionId, templateKey, title, spec, testSeed }) {
      const position = await db.challenge.count({ where: { sessionId } });
      return toRecord(
        await db.challenge.create({
          data: { sessionId, templateKey, title, spec, testSeed, position },
        }),
      );
    },
    async findById(id) {
      const row = await db.challenge.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },
    async listBySession(sessionId) {
      return (
        await db.challenge.findMany({ where: { sessionId }, orderBy: { position: "asc" } })
      ).map(toRecord);
    },
    async transition(id, action, now = new Date(), options = {}) {
      const { from, to } = TRANSITIONS[action];
      const current = await db.challenge.findUnique({ where: { id } });
      if (!current) return null;
      const timeLimit = options.untimed
        ? undefined
        : challengeSpecSchema.parse(current.spec).limits.timeLimitSec;
      const opening = action === "open";
      const { count } = await db.challenge.updateMany({
        where: { id, status: { in: [...from] } },
        data: {
          status: to,
          ...(opening
            ? {
                openedAt: now,
                closesAt: timeLimit ? new Date(now.getTime() + timeLimit * 1000) : null,
              }
            : {}),
        },
      });
      if (count !== 1) return null;
      return toRecord((await db.challenge.findUnique({ where: { id } }))!);
    },
    async reveal(id, now = new Date()) {
      await db.challenge.updateMany({ where: { id, revealedAt: null }, data: { revealedAt: now } });
      const row = await db.challenge.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },
  };
}
