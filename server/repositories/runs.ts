/**
 * Submitted runs. Inserting is idempotent on the client's run id, and a run is durable once
 * `submit` resolves (the handler acknowledges only then). Weights are read separately, by the
 * verifier, so listing runs never loads them.
 */
import { z } from "zod";
import type { VerifiedResult } from "../../lib/challenges/scoring";
import { networkConfigSchema, type NetworkConfig } from "../../lib/nn/config";
import {
  claimedMetricsSchema,
  telemetryFrameSchema,
  type RunSubmission,
} from "../../lib/protocol/schemas";
import type { Db } from "../db/database";
import { isUniqueViolation } from "./errors";

export const RUN_STATUSES = ["pending", "verified", "unverifiable"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const flowSummarySchema = z.object({
  gradRatio: z.number().nullable(),
  signalRatio: z.number().nullable(),
  verdict: z.enum(["vanishing", "exploding", "healthy"]),
});

export const verifiedRecordSchema = z.object({
  accuracy: z.number().nullable(),
  loss: z.number().nullable(),
  steps: z.number().int(),
  probe: flowSummarySchema,
  final: flowSummarySchema.nullable().default(null),
  reproduced: z
    .object({ accuracy: z.number(), loss: z.number().nullable(), diverged: z.boolean() })
    .nullable()
    .default(null),
});

/** A run without its telemetry: what lists, views and exports need. */
export interface RunSummary {
  id: string;
  clientRunId: string;
  challengeId: string;
  participantId: string;
  config: NetworkConfig;
  seed: number;
  backend: string;
  claimed: z.infer<typeof claimedMetricsSchema>;
  /** ||dL/dW|| per layer in the last telemetry frame (null where it overflowed). */
  profile: (number | null)[] | null;
  status: RunStatus;
  verified: VerifiedResult | null;
  /** Why a run could not be verified. */
  failure: string | null;
  score: number | null;
  mismatch: boolean;
  submittedAt: Date;
  verifiedAt: Date | null;
}

/** A run with its down-sampled telemetry. */
export interface RunRecord extends RunSummary {
  telemetry: z.infer<typeof telemetryFrameSchema>[];
}

export class RunIdConflictError extends Error {
  override name = "RunIdConflictError";
}

export interface RunRepository {
  /** Stores a run, or returns the one already stored under this client run id by this participant. */
  submit(participantId: string, run: RunSubmission): Promise<{ run: RunRecord; created: boolean }>;
  findById(id: string): Promise<RunRecord | null>;
  findByClientRunId(clientRunId: string): Promise<RunRecord | null>;
  weights(id: string): Promise<Uint8Array | null>;
  countFor(challengeId: string, participantId: string): Promise<number>;
  /** The few columns ranking needs, without configs, claims or telemetry. */
  rankable(
    challengeId: string,
  ): Promise<{ id: string; participantId: string; score: number | null; submittedAt: Date }[]>;
  listForChallenge(challengeId: string): Promise<RunSummary[]>;
  listForParticipant(participantId: string, challengeId: string): Promise<RunSummary[]>;
  /** Pending runs, oldest first; with `submittedBefore`, only those submitted before it. */
  listPending(submittedBefore?: Date): Promise<RunSummary[]>;
  /**
   * Settles a pending run; null when it was no longer pending (another node settled it first), so
   * a run is settled, and announced, once.
   */
  markVerified(
    id: string,
    result: VerifiedResult,
    score: number | null,
    mismatch: boolean,
  ): Promise<RunRecord | null>;
  markUnverifiable(id: string, reason: string): Promise<RunRecord | null>;
}

const summaryColumns = {
  id: true,
  clientRunId: true,
  challengeId: true,
  participantId: true,
  config: true,
  seed: true,
  backend: true,
  claimed: true,
  profile: true,
  status: true,
  verified: true,
  score: true,
  mismatch: true,
  submittedAt: true,
  verifiedAt: true,
} as const;

const columns = { ...summaryColumns, telemetry: true } as const;

type SummaryRow = { [K in keyof typeof summaryColumns]: unknown } & {
  id: string;
  clientRunId: string;
  challengeId: string;
  participantId: string;
  seed: number;
  backend: string;
  status: string;
  score: number | null;
  mismatch: boolean;
  submittedAt: Date;
  verifiedAt: Date | null;
};

const storedVerified = z.union([
  verifiedRecordSchema.extend({ failure: z.null().optional() }),
  z.object({ failure: z.string() }),
]);

type Row = SummaryRow & { telemetry: unknown };

const profileSchema = z.array(z.number().nullable()).nullable();

function toSummary(row: SummaryRow): RunSummary {
  const status = RUN_STATUSES.find((s) => s === row.status);
  if (!status) throw new Error(`run ${row.id} has an unknown status ${row.status}`);
  const verified = row.verified === null ? null : storedVerified.parse(row.verified);
  return {
    id: row.id,
    clientRunId: row.clientRunId,
    challengeId: row.challengeId,
    participantId: row.participantId,
    config: networkConfigSchema.parse(row.config),
    seed: row.seed,
    backend: row.backend,
    claimed: claimedMetricsSchema.parse(row.claimed),
    profile: profileSchema.parse(row.profile),
    status,
    verified:
      verified && !("failure" in verified && verified.failure)
        ? (verified as VerifiedResult)
        : null,
    failure: verified && "failure" in verified && verified.failure ? verified.failure : null,
    score: row.score,
    mismatch: row.mismatch,
    submittedAt: row.submittedAt,
    verifiedAt: row.verifiedAt,
  };
}

function toRecord(row: Row): RunRecord {
  return { ...toSummary(row), telemetry: z.array(telemetryFrameSchema).parse(row.telemetry) };
}

export function runRepository(db: Db): RunRepository {
  const findById = async (id: string) => {
    const row = await db.run.findUnique({ where: { id }, select: columns });
    return row ? toRecord(row) : null;
  };

  /** Moves a run out of "pending" only if it is still pending. */
  async function settle(id: string, data: Parameters<Db["run"]["updateMany"]>[0]["data"]) {
    const { count } = await db.run.updateMany({ where: { id, status: "pending" }, data });
    if (count === 0) return null;
    return findById(id);
  }

  return {
    async submit(participantId, run) {
      try {
        const row = await db.run.create({
          data: {
            clientRunId: run.clientRunId,
            challengeId: run.challengeId,
            participantId,
            config: run.config,
            seed: run.config.seed,
            backend: run.backend,
            weights: run.weights,
            claimed: run.claimed,
            telemetry: run.telemetry,
            profile: run.telemetry.at(-1)?.layers.map((l) => l.weightGradNorm) ?? undefined,
          },
          select: columns,
        });
        return { run: toRecord(row), created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const existing = await db.run.findUnique({
          where: { clientRunId: run.clientRunId },
          select: columns,
        });
        if (
          !existing ||
          existing.participantId !== participantId ||
          existing.challengeId !== run.challengeId
        ) {
          throw new RunIdConflictError("this run id belongs to another run");
        }
        return { run: toRecord(existing), created: false };
      }
    },
    findById,
    async findByClientRunId(clientRunId) {
      const row = await db.run.findUnique({ where: { clientRunId }, select: columns });
      return row ? toRecord(row) : null;
    },
    async weights(id) {
      const row = await db.run.findUnique({ where: { id }, select: { weights: true } });
      return row ? new Uint8Array(row.weights) : null;
    },
    countFor: (challengeId, participantId) =>
      db.run.count({ where: { challengeId, participantId } }),
    rankable: (challengeId) =>
      db.run.findMany({
        where: { challengeId, status: "verified", score: { not: null } },
        select: { id: true, participantId: true, score: true, submittedAt: true },
      }),
    async listForChallenge(challengeId) {
      return (
        await db.run.findMany({
          where: { challengeId },
          orderBy: { submittedAt: "asc" },
          select: summaryColumns,
        })
      ).map(toSummary);
    },
    async listForParticipant(participantId, challengeId) {
      return (
        await db.run.findMany({
          where: { participantId, challengeId },
          orderBy: { submittedAt: "asc" },
          select: summaryColumns,
        })
      ).map(toSummary);
    },
    async listPending(submittedBefore) {
      return (
        await db.run.findMany({
          where: {
            status: "pending",
            ...(submittedBefore ? { submittedAt: { lt: submittedBefore } } : {}),
          },
          orderBy: { submittedAt: "asc" },
          select: summaryColumns,
        })
      ).map(toSummary);
    },
    async markVerified(id, result, score, mismatch) {
      return settle(id, {
        status: "verified",
        verified: { ...result },
        score,
        mismatch,
        verifiedAt: new Date(),
      });
    },
    async markUnverifiable(id, reason) {
      return settle(id, {
        status: "unverifiable",
        verified: { failure: reason },
        score: null,
        verifiedAt: new Date(),
      });
    },
  };
}
