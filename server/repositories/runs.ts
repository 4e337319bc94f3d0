/**
 * Submitted runs. Inserting is idempotent on the client's run id, and a run is durable once
 * `submit` resolves (the handler acknowledges only then). The hot path (submit, verify, settle,
 * list) works on summaries: the weights are read once, by the verifier, and the telemetry only by
 * the review (`telemetry`).
 */
import type { AssignmentTimes } from "../../lib/challenges/assignment";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { VerifiedResult } from "../../lib/challenges/scoring";
import { networkConfigSchema, type NetworkConfig } from "../../lib/nn/config";
import type { telemetryFrameSchema } from "../../lib/protocol/schemas";
import { claimedMetricsSchema, type RunSubmission } from "../../lib/protocol/schemas";
import { decodeStored, encodeStored } from "../../lib/protocol/telemetry";
import type { Db, RunBlobStore } from "../db/database";

import { RUN_STATUSES, type RunStatus } from "../../lib/challenges/status";

export { RUN_STATUSES, type RunStatus };

const flowSummarySchema = z.object({
  gradRatio: z.number().nullable(),
  // Runs verified before the measure started at layer 2 (lib/nn/summary.ts) were read from layer 1.
  from: z.number().int().min(1).default(1),
  signalRatio: z.number().nullable(),
  verdict: z.enum(["vanishing", "exploding", "healthy"]),
});

export const verifiedRecordSchema = z.object({
  accuracy: z.number().nullable(),
  loss: z.number().nullable(),
  steps: z.number().int(),
  probe: flowSummarySchema.extend({ profile: z.array(z.number().nullable()).optional() }),
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

export interface SubmissionContext {
  participant: { sessionId: string; removed: boolean; admitted: boolean } | null;
  /** The participant's session's kind, dates and policies (an assignment's rules). */
  session: AssignmentTimes | null;
  /** `revealed`: the teacher revealed the measured profiles (no prediction is taken after). */
  challenge: { sessionId: string; status: string; closesAt: Date | null; revealed: boolean } | null;
  used: number;
  existing: { id: string; participantId: string; challengeId: string } | null;
}

/** A raw boolean column: SQLite returns 0/1, PostgreSQL a boolean. */
const rawBool = (value: unknown): boolean => value === true || Number(value) === 1;

/** A run just settled, with what its broadcasts need of its student. */
export interface SettledRun extends RunSummary {
  /** `graded`: the student came from an LMS that takes their grade (an LTI line item). */
  student: { nickname: string; removed: boolean; graded: boolean };
}

export interface RankedRun {
  id: string;
  participantId: string;
  nickname: string;
  score: number;
  submittedAt: Date;
}

/** A raw DateTime column: SQLite returns what it stores (ms or ISO text), PostgreSQL a Date. */
const rawDate = (value: unknown): Date =>
  value instanceof Date ? value : new Date(typeof value === "string" ? value : Number(value));

/** A run's id: like the ORM's cuids, a time part first (ids sort roughly by creation). */
const newRunId = () => `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;

/** A raw Json column: SQLite returns its text, PostgreSQL the parsed value. */
const rawJson = (value: unknown): unknown =>
  typeof value === "string" ? (JSON.parse(value) as unknown) : value;

/** What the verifier needs of a run, read in one query. */
export interface RunToVerify {
  status: RunStatus;
  challengeId: string;
  config: NetworkConfig;
  claimed: z.infer<typeof claimedMetricsSchema>;
  weights: Uint8Array;
}

export class RunIdConflictError extends Error {
  override name = "RunIdConflictError";
}

export interface RunRepository {
  /** Stores a run, or returns the one already stored under this client run id by this participant. */
  submit(participantId: string, run: RunSubmission): Promise<{ run: RunSummary; created: boolean }>;
  findById(id: string): Promise<RunSummary | null>;
  /**
   * What a submission is checked against, in one statement: the student (null when unknown), the
   * challenge (null when unknown), the student's runs of it so far, and the run already stored
   * under this client run id (a resend).
   */
  submissionContext(
    participantId: string,
    challengeId: string,
    clientRunId: string,
  ): Promise<SubmissionContext>;
  /** The run's down-sampled telemetry and whose it is: for the review, never the hot path. */
  telemetry(id: string): Promise<{
    participantId: string;
    challengeId: string;
    frames: z.infer<typeof telemetryFrameSchema>[];
  } | null>;
  forVerification(id: string): Promise<RunToVerify | null>;
  weights(id: string): Promise<Uint8Array | null>;
  /**
   * The ranked runs of a challenge's students still in class, with their nicknames: what a
   * leaderboard is built from, in one statement (it runs after every change of the board).
   */
  ranked(challengeId: string): Promise<RankedRun[]>;
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
  ): Promise<SettledRun | null>;
  markUnverifiable(id: string, reason: string): Promise<SettledRun | null>;
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

const profileSchema = z.array(z.number().nullable()).nullable();

function toSummary(row: SummaryRow): RunSummary {
  const status = runStatus(row.id, row.status);
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

function runStatus(id: string, status: string): RunStatus {
  const known = RUN_STATUSES.find((s) => s === status);
  if (!known) throw new Error(`run ${id} has an unknown status ${status}`);
  return known;
}

export function runRepository(db: Db, blobs: RunBlobStore): RunRepository {
  const findById = async (id: string) => {
    const row = await db.run.findUnique({ where: { id }, select: summaryColumns });
    return row ? toSummary(row) : null;
  };

  /**
   * Moves a run out of "pending" only if it is still pending, and reads it back with its student's
   * name and whether their LMS takes a grade, in one statement: the ORM's conditional update with
   * the student took five (a transaction, the update, two reads), each compiled anew, on every
   * verified run of a busy class (bench:class's profile).
   */
  async function settle(
    id: string,
    data: {
      status: RunStatus;
      verified: object;
      score: number | null;
      mismatch: boolean;
    },
  ): Promise<SettledRun | null> {
    const rows = await db.$queryRaw<Record<string, unknown>[]>`
      UPDATE "Run" SET "status" = ${data.status}, "verified" = ${JSON.stringify(data.verified)},
        "score" = ${data.score}, "mismatch" = ${data.mismatch}, "verifiedAt" = ${new Date()}
      WHERE "id" = ${id} AND "status" = 'pending'
      RETURNING "id", "clientRunId", "challengeId", "participantId", "config", "seed", "backend",
        "claimed", "profile", "status", "verified", "score", "mismatch", "submittedAt",
        "verifiedAt",
        (SELECT p."nickname" FROM "Participant" p WHERE p."id" = "Run"."participantId")
          AS "nickname",
        (SELECT p."removed" FROM "Participant" p WHERE p."id" = "Run"."participantId")
          AS "removed",
        (SELECT COUNT(*) FROM "LtiLink" l
          WHERE l."participantId" = "Run"."participantId" AND l."lineItemUrl" IS NOT NULL)
          AS "graded"`;
    const row = rows[0];
    if (!row) return null;
    return {
      ...toSummary({
        ...(row as SummaryRow),
        config: rawJson(row.config),
        claimed: rawJson(row.claimed),
        profile: rawJson(row.profile),
        verified: rawJson(row.verified),
        seed: Number(row.seed),
        score: row.score === null ? null : Number(row.score),
        mismatch: rawBool(row.mismatch),
        submittedAt: rawDate(row.submittedAt),
        verifiedAt: row.verifiedAt === null ? null : rawDate(row.verifiedAt),
      }),
      student: {
        nickname: String(row.nickname),
        removed: rawBool(row.removed),
        graded: Number(row.graded) > 0,
      },
    };
  }

  return {
    async submit(participantId, run) {
      const profile = run.telemetry.at(-1)?.layers.map((l) => l.weightGradNorm) ?? null;
      const id = newRunId();
      const submittedAt = new Date();
      const inserted = await blobs.insertRun({
        id,
        clientRunId: run.clientRunId,
        challengeId: run.challengeId,
        participantId,
        config: JSON.stringify(run.config),
        seed: run.config.seed,
        backend: run.backend,
        weights: run.weights,
        claimed: JSON.stringify(run.claimed),
        telemetry: encodeStored(run.telemetry),
        profile: profile === null ? null : JSON.stringify(profile),
        submittedAt,
      });
      if (inserted) {
        // The summary is the submission itself.
        const summary: RunSummary = {
          id,
          clientRunId: run.clientRunId,
          challengeId: run.challengeId,
          participantId,
          config: run.config,
          seed: run.config.seed,
          backend: run.backend,
          claimed: run.claimed,
          profile,
          status: "pending",
          verified: null,
          failure: null,
          score: null,
          mismatch: false,
          submittedAt,
          verifiedAt: null,
        };
        return { run: summary, created: true };
      }
      // The client run id is taken: a resend of this run, or another run's id.
      const existing = await db.run.findUnique({
        where: { clientRunId: run.clientRunId },
        select: summaryColumns,
      });
      if (
        !existing ||
        existing.participantId !== participantId ||
        existing.challengeId !== run.challengeId
      ) {
        throw new RunIdConflictError("this run id belongs to another run");
      }
      return { run: toSummary(existing), created: false };
    },
    findById,
    async submissionContext(participantId, challengeId, clientRunId) {
      // Raw: every submission is checked against these, and the ORM compiles each statement anew
      // (four of them, before this one; bench:class's profile).
      const rows = await db.$queryRaw<Record<string, unknown>[]>`
        SELECT p."sessionId" AS "sessionId", p."removed" AS "removed", p."admitted" AS "admitted",
          s."kind" AS "kind", s."opensAt" AS "opensAt", s."dueAt" AS "dueAt",
          s."latePolicy" AS "latePolicy", s."revealPolicy" AS "revealPolicy",
          c."id" AS "challengeId", c."sessionId" AS "challengeSessionId", c."status" AS "status",
          c."closesAt" AS "closesAt", c."revealedAt" AS "revealedAt",
          (SELECT COUNT(*) FROM "Run" u
            WHERE u."challengeId" = ${challengeId} AND u."participantId" = ${participantId}) AS "used",
          e."id" AS "existingId", e."participantId" AS "existingParticipantId",
          e."challengeId" AS "existingChallengeId"
        FROM "Participant" p
        JOIN "ClassSession" s ON s."id" = p."sessionId"
        LEFT JOIN "Challenge" c ON c."id" = ${challengeId}
        LEFT JOIN "Run" e ON e."clientRunId" = ${clientRunId}
        WHERE p."id" = ${participantId}`;
      const row = rows[0];
      if (!row)
        return { participant: null, session: null, challenge: null, used: 0, existing: null };
      return {
        participant: {
          sessionId: String(row.sessionId),
          removed: rawBool(row.removed),
          admitted: rawBool(row.admitted),
        },
        session: {
          kind: row.kind === "assignment" ? "assignment" : "live",
          opensAt: row.opensAt === null ? null : rawDate(row.opensAt),
          dueAt: row.dueAt === null ? null : rawDate(row.dueAt),
          latePolicy: row.latePolicy === "refuse" ? "refuse" : "mark",
          revealPolicy: row.revealPolicy === "due" ? "due" : "own-run",
        },
        challenge:
          row.challengeId === null
            ? null
            : {
                sessionId: String(row.challengeSessionId),
                status: String(row.status),
                closesAt: row.closesAt === null ? null : rawDate(row.closesAt),
                revealed: row.revealedAt !== null,
              },
        used: Number(row.used),
        existing:
          row.existingId === null
            ? null
            : {
                id: String(row.existingId),
                participantId: String(row.existingParticipantId),
                challengeId: String(row.existingChallengeId),
              },
      };
    },
    async telemetry(id) {
      const row = await db.run.findUnique({
        where: { id },
        select: { participantId: true, challengeId: true, telemetry: true },
      });
      return row
        ? {
            participantId: row.participantId,
            challengeId: row.challengeId,
            frames: decodeStored(row.telemetry),
          }
        : null;
    },
    async forVerification(id) {
      const row = await blobs.runForVerification(id);
      return row
        ? {
            status: runStatus(id, row.status),
            challengeId: row.challengeId,
            config: networkConfigSchema.parse(row.config),
            claimed: claimedMetricsSchema.parse(row.claimed),
            weights: new Uint8Array(row.weights),
          }
        : null;
    },
    async weights(id) {
      const row = await blobs.runForVerification(id);
      return row ? new Uint8Array(row.weights) : null;
    },
    async ranked(challengeId) {
      // Raw: a leaderboard is rebuilt several times a second in a busy class, and the ORM's query
      // compiler and row mapping cost more than the query itself (bench:class's profile).
      const rows = await db.$queryRaw<
        {
          id: string;
          participantId: string;
          nickname: string;
          score: number;
          submittedAt: unknown;
        }[]
      >`SELECT r."id", r."participantId", p."nickname", r."score", r."submittedAt"
        FROM "Run" r JOIN "Participant" p ON p."id" = r."participantId"
        WHERE r."challengeId" = ${challengeId} AND r."status" = 'verified'
          AND r."score" IS NOT NULL AND NOT p."removed"`;
      return rows.map((r) => ({
        id: r.id,
        participantId: r.participantId,
        nickname: r.nickname,
        score: Number(r.score),
        submittedAt: rawDate(r.submittedAt),
      }));
    },
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
      return settle(id, { status: "verified", verified: { ...result }, score, mismatch });
    },
    async markUnverifiable(id, reason) {
      return settle(id, {
        status: "unverifiable",
        verified: { failure: reason },
        score: null,
        mismatch: false,
      });
    },
  };
}
