/** Students' predictions: saved while unlocked, locked when their first training starts, scored once. */
import {
  predictionInputSchema,
  type PredictionInput,
  type PredictionScore,
} from "../../lib/challenges/prediction";
import type { Db } from "../db/database";
import { isUniqueViolation } from "./errors";

export interface PredictionRecord {
  challengeId: string;
  participantId: string;
  input: PredictionInput;
  lockedAt: Date | null;
  score: PredictionScore | null;
  runId: string | null;
  updatedAt: Date;
}

export interface PredictionRepository {
  /** Saves (and with `lock`, locks) the prediction; `locked: true` when it was locked already. */
  save(
    challengeId: string,
    participantId: string,
    input: PredictionInput,
    lock: boolean,
  ): Promise<{ record: PredictionRecord; locked: boolean }>;
  /** Locks the prediction if there is one; null when there is none. */
  lock(challengeId: string, participantId: string): Promise<PredictionRecord | null>;
  find(challengeId: string, participantId: string): Promise<PredictionRecord | null>;
  listBySession(sessionId: string): Promise<PredictionRecord[]>;
  listForParticipant(participantId: string): Promise<PredictionRecord[]>;
  /** Scores a locked, unscored prediction with a verified run; null when it was scored already. */
  score(
    challengeId: string,
    participantId: string,
    runId: string,
    score: PredictionScore,
  ): Promise<PredictionRecord | null>;
}

const select = {
  challengeId: true,
  participantId: true,
  input: true,
  lockedAt: true,
  score: true,
  runId: true,
  updatedAt: true,
} as const;

type Row = Omit<PredictionRecord, "input" | "score"> & { input: unknown; score: unknown };

// The score is written only by `score` below from lib's PredictionScore; the input is parsed.
const toRecord = (row: Row): PredictionRecord => ({
  ...row,
  input: predictionInputSchema.parse(row.input),
  score: (row.score ?? null) as PredictionScore | null,
});

export function predictionRepository(db: Db): PredictionRepository {
  const key = (challengeId: string, participantId: string) => ({
    challengeId_participantId: { challengeId, participantId },
  });
  const find = async (challengeId: string, participantId: string) => {
    const row = await db.prediction.findUnique({ where: key(challengeId, participantId), select });
    return row ? toRecord(row) : null;
  };
  return {
    async save(challengeId, participantId, input, lock) {
      const lockedAt = lock ? new Date() : null;
      const existing = await find(challengeId, participantId);
      if (existing?.lockedAt) return { record: existing, locked: true };
      if (!existing) {
        try {
          const row = await db.prediction.create({
            data: { challengeId, participantId, input, lockedAt },
            select,
          });
          return { record: toRecord(row), locked: false };
        } catch (error) {
          // Two saves of one student at once: the other made the row; update it below.
          if (!isUniqueViolation(error)) throw error;
        }
      }
      const { count } = await db.prediction.updateMany({
        where: { challengeId, participantId, lockedAt: null },
        data: { input, lockedAt },
      });
      return { record: (await find(challengeId, participantId))!, locked: count === 0 };
    },
    async lock(challengeId, participantId) {
      await db.prediction.updateMany({
        where: { challengeId, participantId, lockedAt: null },
        data: { lockedAt: new Date() },
      });
      return find(challengeId, participantId);
    },
    find,
    async listBySession(sessionId) {
      const rows = await db.prediction.findMany({
        where: { challenge: { sessionId } },
        orderBy: { createdAt: "asc" },
        select,
      });
      return rows.map(toRecord);
    },
    async listForParticipant(participantId) {
      const rows = await db.prediction.findMany({ where: { participantId }, select });
      return rows.map(toRecord);
    },
    async score(challengeId, participantId, runId, score) {
      const { count } = await db.prediction.updateMany({
        where: { challengeId, participantId, lockedAt: { not: null }, runId: null },
        data: { runId, score, total: score.total },
      });
      return count === 1 ? find(challengeId, participantId) : null;
    },
  };
}
