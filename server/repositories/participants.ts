/** Students in a session: unique nicknames, a hashed rejoin token, a removed flag. */
import type { Db } from "../db/database";
import { isUniqueViolation } from "./errors";

export interface ParticipantRecord {
  id: string;
  sessionId: string;
  nickname: string;
  removed: boolean;
  /** False while waiting in the lobby for the teacher. */
  admitted: boolean;
  createdAt: Date;
  lastSeenAt: Date;
}

export class NicknameTakenError extends Error {
  override name = "NicknameTakenError";
}

export interface ParticipantRepository {
  /** Throws NicknameTakenError when the nickname's key is taken in the session. */
  create(input: {
    sessionId: string;
    nickname: string;
    nicknameKey: string;
    rejoinTokenHash: string;
    deviceKey?: string | null;
    /** False: the session's lobby holds the student until the teacher admits them. */
    admitted?: boolean;
  }): Promise<ParticipantRecord>;
  /** The nickname this device was removed from this session as, or null when it was not. */
  removedDevice(sessionId: string, deviceKey: string): Promise<string | null>;
  /** Lets a student out of the lobby; null when there is no such student still in class. */
  admit(id: string): Promise<ParticipantRecord | null>;
  findById(id: string): Promise<ParticipantRecord | null>;
  findByTokenHash(hash: string): Promise<ParticipantRecord | null>;
  listBySession(sessionId: string): Promise<ParticipantRecord[]>;
  markRemoved(id: string): Promise<void>;
  /** Replaces a student's rejoin token (a launch from a learning platform hands out a new one). */
  newToken(id: string, rejoinTokenHash: string): Promise<void>;
  touch(id: string, at?: Date): Promise<void>;
}

const select = {
  id: true,
  sessionId: true,
  nickname: true,
  removed: true,
  admitted: true,
  createdAt: true,
  lastSeenAt: true,
} as const;

export function participantRepository(db: Db): ParticipantRepository {
  return {
    async create(data) {
      try {
        return await db.participant.create({ data, select });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new NicknameTakenError(`the nickname ${data.nickname} is taken`);
        throw error;
      }
    },
    async removedDevice(sessionId, deviceKey) {
      const found = await db.participant.findFirst({
        where: { sessionId, deviceKey, removed: true },
        select: { nickname: true },
      });
      return found?.nickname ?? null;
    },
    async admit(id) {
      const { count } = await db.participant.updateMany({
        where: { id, removed: false },
        data: { admitted: true },
      });
      return count === 1 ? db.participant.findUnique({ where: { id }, select }) : null;
    },
    findById: (id) => db.participant.findUnique({ where: { id }, select }),
    findByTokenHash: (rejoinTokenHash) =>
      db.participant.findUnique({ where: { rejoinTokenHash }, select }),
    listBySession: (sessionId) =>
      db.participant.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" }, select }),
    async markRemoved(id) {
      await db.participant.update({ where: { id }, data: { removed: true } });
    },
    async newToken(id, rejoinTokenHash) {
      await db.participant.update({ where: { id }, data: { rejoinTokenHash } });
    },
    async touch(id, at = new Date()) {
      await db.participant.update({ where: { id }, data: { lastSeenAt: at } });
    },
  };
}
