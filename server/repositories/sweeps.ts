/**
 * The slots of sweep challenges. A row is a (cell, seed) handed to a student: held while they run
 * it, filled by their run. The unique index on (challenge, cell, seed) is what keeps two nodes from
 * handing out one slot twice; the one on (challenge, holder) keeps a student to one slot at a time.
 */
import { nextSlot, slotKey, type SweepSpec } from "../../lib/challenges/sweep";
import type { Db } from "../db/database";
import { isUniqueViolation } from "./errors";

export interface SweepSlotRecord {
  challengeId: string;
  cell: number;
  seed: number;
  participantId: string;
  /** The student running it; null once filled. */
  holderId: string | null;
  runId: string | null;
  filledAt: Date | null;
}

export interface SweepRepository {
  /**
   * The student's held slot, or a free one handed to them now (null: every slot is held or
   * filled). Safe to call from any node at once.
   */
  claim(
    challengeId: string,
    participantId: string,
    spec: SweepSpec,
  ): Promise<SweepSlotRecord | null>;
  held(challengeId: string, participantId: string): Promise<SweepSlotRecord | null>;
  /** The student's held slot becomes filled by the run; null when they held none. */
  fill(challengeId: string, participantId: string, runId: string): Promise<SweepSlotRecord | null>;
  /** Gives back every slot the student holds; returns the freed slots. */
  release(participantId: string): Promise<SweepSlotRecord[]>;
  /** A run that turned out unverifiable frees its slot for someone else. */
  unfill(runId: string): Promise<SweepSlotRecord | null>;
  listBySession(sessionId: string): Promise<SweepSlotRecord[]>;
}

const select = {
  challengeId: true,
  cell: true,
  seed: true,
  participantId: true,
  holderId: true,
  runId: true,
  filledAt: true,
} as const;

/** Attempts per claim: each lost race means another student took that slot, so the next is tried. */
const CLAIM_ATTEMPTS = 50;

export function sweepRepository(db: Db): SweepRepository {
  const held = (challengeId: string, participantId: string) =>
    db.sweepSlot.findUnique({
      where: { challengeId_holderId: { challengeId, holderId: participantId } },
      select,
    });
  return {
    held,
    async claim(challengeId, participantId, spec) {
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        const mine = await held(challengeId, participantId);
        if (mine) return mine;
        const taken = await db.sweepSlot.findMany({
          where: { challengeId },
          select: { cell: true, seed: true },
        });
        const slot = nextSlot(spec, new Set(taken.map(slotKey)));
        if (!slot) return null;
        try {
          return await db.sweepSlot.create({
            data: { challengeId, ...slot, participantId, holderId: participantId },
            select,
          });
        } catch (error) {
          // Someone took the slot (or this student got one on another socket): look again.
          if (!isUniqueViolation(error)) throw error;
        }
      }
      throw new Error(`no sweep slot claimed in ${CLAIM_ATTEMPTS} attempts`);
    },
    async fill(challengeId, participantId, runId) {
      const mine = await held(challengeId, participantId);
      if (!mine) return null;
      const filled = { holderId: null, runId, filledAt: new Date() };
      const { count } = await db.sweepSlot.updateMany({
        where: { challengeId, cell: mine.cell, seed: mine.seed, holderId: participantId },
        data: filled,
      });
      return count === 1 ? { ...mine, ...filled } : null;
    },
    async release(participantId) {
      const where = { holderId: participantId };
      const slots = await db.sweepSlot.findMany({ where, select });
      if (slots.length === 0) return [];
      await db.sweepSlot.deleteMany({ where });
      return slots;
    },
    async unfill(runId) {
      const slot = await db.sweepSlot.findUnique({ where: { runId }, select });
      if (!slot) return null;
      await db.sweepSlot.deleteMany({ where: { runId } });
      return slot;
    },
    listBySession: (sessionId) =>
      db.sweepSlot.findMany({
        where: { challenge: { sessionId } },
        orderBy: [{ challengeId: "asc" }, { seed: "asc" }, { cell: "asc" }],
        select,
      }),
  };
}
