/** Class sessions: created with a join code, closed once (the code is then released). */
import { DEFAULT_LOCALE, isLocale, type Locale } from "../../lib/i18n/locales";
import { randomInt } from "node:crypto";
import {
  LATE_POLICIES,
  REVEAL_POLICIES,
  type AssignmentSettings,
  type AssignmentTimes,
} from "../../lib/challenges/assignment";
import type { Db } from "../db/database";
import { isUniqueViolation } from "./errors";

/** Letters and digits that cannot be confused when read from the back of a room (no 0/O, 1/I). */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 6;

export type SessionStatus = "open" | "closed";

export interface SessionRecord extends AssignmentTimes {
  id: string;
  teacherId: string;
  title: string;
  joinCode: string | null;
  status: SessionStatus;
  joinLocked: boolean;
  hideNames: boolean;
  lobby: boolean;
  /** The class's language for students whose browser asks for none the app speaks. */
  locale: Locale;
  createdAt: Date;
  closedAt: Date | null;
}

/** What a teacher can switch on an open session (an assignment's dates and policies too). */
export interface SessionSettings extends Partial<AssignmentSettings> {
  joinLocked?: boolean;
  hideNames?: boolean;
  lobby?: boolean;
  locale?: Locale;
}

export interface SessionRepository {
  /** A live session, or an assignment when its dates are given. */
  create(input: {
    teacherId: string;
    title: string;
    assignment?: AssignmentSettings;
  }): Promise<SessionRecord>;
  findById(id: string): Promise<SessionRecord | null>;
  findOpenByJoinCode(joinCode: string): Promise<SessionRecord | null>;
  listByTeacher(teacherId: string): Promise<SessionRecord[]>;
  /** Closes an open session; false when it was not open. */
  close(id: string): Promise<boolean>;
  /** Changes an open session's settings; null when it is not open. */
  configure(id: string, settings: SessionSettings): Promise<SessionRecord | null>;
}

export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++)
    code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

type Row = Omit<SessionRecord, "status" | "kind" | "latePolicy" | "revealPolicy" | "locale"> & {
  locale: string;
  status: string;
  kind: string;
  latePolicy: string;
  revealPolicy: string;
};

const toRecord = (row: Row): SessionRecord => ({
  ...row,
  status: row.status === "closed" ? "closed" : "open",
  kind: row.kind === "assignment" ? "assignment" : "live",
  latePolicy: LATE_POLICIES.find((p) => p === row.latePolicy) ?? "mark",
  revealPolicy: REVEAL_POLICIES.find((p) => p === row.revealPolicy) ?? "own-run",
  locale: isLocale(row.locale) ? row.locale : DEFAULT_LOCALE,
});

export function sessionRepository(db: Db, makeCode: () => string = newJoinCode): SessionRepository {
  return {
    async create({ teacherId, title, assignment }) {
      const kind = assignment ? { kind: "assignment", ...assignment } : {};
      // 32^6 ~ 1e9 codes: a collision with an open session is rare; retry a few times.
      for (let attempt = 0; attempt < 8; attempt++) {
        try {
          return toRecord(
            await db.classSession.create({
              data: { teacherId, title, joinCode: makeCode(), ...kind },
            }),
          );
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
      }
      throw new Error("could not find a free join code");
    },
    async findById(id) {
      const row = await db.classSession.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },
    async findOpenByJoinCode(joinCode) {
      const row = await db.classSession.findUnique({ where: { joinCode } });
      return row && row.status === "open" ? toRecord(row) : null;
    },
    async listByTeacher(teacherId) {
      const rows = await db.classSession.findMany({
        where: { teacherId },
        orderBy: { createdAt: "desc" },
      });
      return rows.map(toRecord);
    },
    async close(id) {
      const { count } = await db.classSession.updateMany({
        where: { id, status: "open" },
        data: { status: "closed", closedAt: new Date(), joinCode: null },
      });
      return count === 1;
    },
    async configure(id, settings) {
      const { count } = await db.classSession.updateMany({
        where: { id, status: "open" },
        data: settings,
      });
      if (count === 0) return null;
      const row = await db.classSession.findUnique({ where: { id } });
      return row ? toRecord(row) : null;
    },
  };
}
