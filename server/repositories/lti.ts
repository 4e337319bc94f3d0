/**
 * LTI 1.3 records: the platforms teachers registered, OIDC logins in flight (state and nonce, used
 * once), and students who launched (where their grade goes).
 */
import { z } from "zod";
import type { Db } from "../db/database";
import { isUniqueViolation } from "./errors";

export interface PlatformRecord {
  id: string;
  teacherId: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authLoginUrl: string;
  authTokenUrl: string;
  jwksUrl: string;
  createdAt: Date;
}

export type PlatformInput = Omit<PlatformRecord, "id" | "teacherId" | "createdAt">;

export class PlatformTakenError extends Error {
  constructor() {
    super("this issuer and client id are already registered");
  }
}

export interface LtiLinkRecord {
  participantId: string;
  platformId: string;
  sessionId: string;
  subject: string;
  lineItemUrl: string | null;
  gradeWanted: number | null;
  gradeSent: number | null;
  gradeState: "none" | "pending" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  nextTryAt: Date | null;
  updatedAt: Date;
}

/** How long a login's state and nonce stay good for the launch that follows it. */
export const LOGIN_TTL_MS = 10 * 60_000;

export interface LtiRepository {
  createPlatform(teacherId: string, input: PlatformInput): Promise<PlatformRecord>;
  listPlatforms(teacherId: string): Promise<PlatformRecord[]>;
  findPlatform(id: string): Promise<PlatformRecord | null>;
  /** The registration a login or launch names: by issuer, and client id when given. */
  platformFor(issuer: string, clientId?: string): Promise<PlatformRecord[]>;
  removePlatform(teacherId: string, id: string): Promise<boolean>;
  /** Records a login's state and nonce. */
  startLogin(platformId: string, state: string, nonce: string): Promise<void>;
  /**
   * Uses a login's state once: its nonce and platform, or null when unknown, used before or older
   * than LOGIN_TTL_MS.
   */
  useLogin(state: string, now?: Date): Promise<{ nonce: string; platformId: string } | null>;
  findLink(platformId: string, sessionId: string, subject: string): Promise<LtiLinkRecord | null>;
  linkOf(participantId: string): Promise<LtiLinkRecord | null>;
  saveLink(
    link: Pick<LtiLinkRecord, "participantId" | "platformId" | "sessionId" | "subject"> & {
      lineItemUrl: string | null;
    },
  ): Promise<void>;
  listLinks(sessionId: string): Promise<LtiLinkRecord[]>;
  /** Asks for `grade` to be sent (a new best); no change when it is what was asked already. */
  wantGrade(participantId: string, grade: number): Promise<boolean>;
  /** Links whose grade waits to be sent and whose next try is due. */
  dueGrades(now: Date, limit: number): Promise<LtiLinkRecord[]>;
  gradeSent(participantId: string, grade: number): Promise<void>;
  gradeFailed(
    participantId: string,
    error: string,
    nextTryAt: Date | null,
  ): Promise<LtiLinkRecord | null>;
}

const GRADE_STATES = ["none", "pending", "sent", "failed"] as const;

const toLink = (
  row: Omit<LtiLinkRecord, "gradeState"> & { gradeState: string },
): LtiLinkRecord => ({
  ...row,
  gradeState: GRADE_STATES.find((s) => s === row.gradeState) ?? "none",
});

const toPlatform = (row: Omit<PlatformRecord, "deploymentIds"> & { deploymentIds: unknown }) => ({
  ...row,
  deploymentIds: z.array(z.string()).parse(row.deploymentIds),
});

export function ltiRepository(db: Db): LtiRepository {
  return {
    async createPlatform(teacherId, input) {
      try {
        return toPlatform(await db.ltiPlatform.create({ data: { teacherId, ...input } }));
      } catch (error) {
        if (isUniqueViolation(error)) throw new PlatformTakenError();
        throw error;
      }
    },
    async listPlatforms(teacherId) {
      const rows = await db.ltiPlatform.findMany({
        where: { teacherId },
        orderBy: { createdAt: "asc" },
      });
      return rows.map(toPlatform);
    },
    async findPlatform(id) {
      const row = await db.ltiPlatform.findUnique({ where: { id } });
      return row ? toPlatform(row) : null;
    },
    async platformFor(issuer, clientId) {
      const rows = await db.ltiPlatform.findMany({
        where: { issuer, ...(clientId ? { clientId } : {}) },
        take: 2,
      });
      return rows.map(toPlatform);
    },
    async removePlatform(teacherId, id) {
      const { count } = await db.ltiPlatform.deleteMany({ where: { id, teacherId } });
      return count === 1;
    },
    async startLogin(platformId, state, nonce) {
      // Logins never finished are swept as new ones start.
      await db.ltiLogin.deleteMany({
        where: { createdAt: { lt: new Date(Date.now() - 6 * LOGIN_TTL_MS) } },
      });
      await db.ltiLogin.create({ data: { platformId, state, nonce } });
    },
    async useLogin(state, now = new Date()) {
      const { count } = await db.ltiLogin.updateMany({
        where: { state, usedAt: null, createdAt: { gte: new Date(now.getTime() - LOGIN_TTL_MS) } },
        data: { usedAt: now },
      });
      if (count !== 1) return null;
      const row = await db.ltiLogin.findUnique({ where: { state } });
      return row && { nonce: row.nonce, platformId: row.platformId };
    },
    async findLink(platformId, sessionId, subject) {
      const row = await db.ltiLink.findUnique({
        where: { platformId_sessionId_subject: { platformId, sessionId, subject } },
      });
      return row ? toLink(row) : null;
    },
    async linkOf(participantId) {
      const row = await db.ltiLink.findUnique({ where: { participantId } });
      return row ? toLink(row) : null;
    },
    async saveLink({ participantId, platformId, sessionId, subject, lineItemUrl }) {
      await db.ltiLink.upsert({
        where: { participantId },
        create: { participantId, platformId, sessionId, subject, lineItemUrl },
        // A later launch may carry the line item an earlier one did not.
        update: lineItemUrl ? { lineItemUrl } : {},
      });
    },
    async listLinks(sessionId) {
      return (await db.ltiLink.findMany({ where: { sessionId } })).map(toLink);
    },
    async wantGrade(participantId, grade) {
      const { count } = await db.ltiLink.updateMany({
        where: {
          participantId,
          lineItemUrl: { not: null },
          OR: [{ gradeWanted: null }, { gradeWanted: { not: grade } }],
        },
        data: { gradeWanted: grade, gradeState: "pending", attempts: 0, nextTryAt: new Date() },
      });
      return count === 1;
    },
    async dueGrades(now, limit) {
      const rows = await db.ltiLink.findMany({
        where: { gradeState: "pending", nextTryAt: { lte: now } },
        orderBy: { nextTryAt: "asc" },
        take: limit,
      });
      return rows.map(toLink);
    },
    async gradeSent(participantId, grade) {
      // Sent what is still wanted: done; a newer grade asked meanwhile stays pending.
      await db.ltiLink.updateMany({
        where: { participantId, gradeWanted: grade },
        data: { gradeSent: grade, gradeState: "sent", lastError: null, nextTryAt: null },
      });
      await db.ltiLink.updateMany({
        where: { participantId, gradeState: "pending", NOT: { gradeWanted: grade } },
        data: { gradeSent: grade },
      });
    },
    async gradeFailed(participantId, error, nextTryAt) {
      const row = await db.ltiLink.update({
        where: { participantId },
        data: {
          attempts: { increment: 1 },
          lastError: error.slice(0, 500),
          nextTryAt,
          gradeState: nextTryAt ? "pending" : "failed",
        },
      });
      return toLink(row);
    },
  };
}
