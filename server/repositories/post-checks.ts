/** Students' post-checks: made once (locked as made), with their score. */
import { z } from "zod";
import { VERDICTS } from "../../lib/challenges/prediction";
import type { PostCheckScore } from "../../lib/challenges/transfer";
import type { Verdict } from "../../lib/nn/summary";
import type { Db } from "../db/database";
import { isUniqueViolation } from "./errors";

export interface PostCheckRecord {
  challengeId: string;
  participantId: string;
  input: { curve: number[]; verdict: Verdict };
  score: PostCheckScore;
  lockedAt: Date;
}

export interface PostCheckRepository {
  /** Stores the post-check; null when the student made one already (it never changes). */
  create(record: Omit<PostCheckRecord, "lockedAt">): Promise<PostCheckRecord | null>;
  listBySession(sessionId: string): Promise<PostCheckRecord[]>;
  listForParticipant(participantId: string): Promise<PostCheckRecord[]>;
}

const inputSchema = z.object({ curve: z.array(z.number()), verdict: z.enum(VERDICTS) });

type Row = Omit<PostCheckRecord, "input" | "score"> & { input: unknown; score: unknown };

// The score is written only by `create` from lib's PostCheckScore; the input is parsed.
const toRecord = (row: Row): PostCheckRecord => ({
  ...row,
  input: inputSchema.parse(row.input),
  score: row.score as PostCheckScore,
});

export function postCheckRepository(db: Db): PostCheckRepository {
  return {
    async create({ challengeId, participantId, input, score }) {
      try {
        return toRecord(
          await db.postCheck.create({ data: { challengeId, participantId, input, score } }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },
    async listBySession(sessionId) {
      const rows = await db.postCheck.findMany({
        where: { challenge: { sessionId } },
        orderBy: { lockedAt: "asc" },
      });
      return rows.map(toRecord);
    },
    async listForParticipant(participantId) {
      return (await db.postCheck.findMany({ where: { participantId } })).map(toRecord);
    },
  };
}
