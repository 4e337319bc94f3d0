/** Students in a session: unique nicknames, a hashed rejoin token, a removed flag. */
import type { Db } from "../db/database";
import { isUniqueViolation } from "./errors";

export interface ParticipantRecord {
  id: string;
  sessionId: string;
  nickname: string;
  removed: boolean;
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
  }): Promise<ParticipantRecord>;
  /** Whether this device was removed from this session (under any nickname). */
  isDeviceRemoved(sessionId: string, deviceKey: string): Promise<boolean>;
  findById(id: string): Promise<ParticipantRecord | null>;
  findByTokenHash(hash: string): Promise<ParticipantRecord | null>;
  listBySession(sessionId: string): Promise<ParticipantRecord[]>;
  markRemoved(id: string): Promise<void>;
  touch(id: string, at?: Date): Promise<void>;
}

const select = {
  id: true,
  sessionId: true,
  nickname: true,
  removed: true,
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
    async isDeviceRemoved(sessionId, deviceKey) {
      const found = await db.participant.findFirst({
        where: { sessionId, deviceKey, removed: true },
        select: { id: true },
      });
      return found !== null;
    },
    findById: (id) => db.participant.findUnique({ where: { id }, select }),
    findByTokenHash: (rejoinTokenHash) =>
      db.participant.findUnique({ where: { rejoinTokenHash }, select }),
    listBySession: (sessionId) =>
      db.participant.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" }, select }),
    async markRemoved(id) {
      await db.participant.update({ where: { id }, data: { removed: true } });
    },
    async touch(id, at = new Date()) {
      await db.participant.update({ where: { id }, data: { lastSeenAt: at } });
    },
  };
}
