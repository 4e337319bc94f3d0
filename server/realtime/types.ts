/** The typed Socket.IO server and what each socket carries after the handshake. */
import type { Server, Socket } from "socket.io";
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
} from "../../lib/protocol/events";

export interface SocketData {
  /** Set at the handshake from the teacher's session cookie; cleared when that session ends. */
  teacherId: string | null;
  /** The teacher's auth session: its sockets close when it ends. */
  authSessionId: string | null;
  /** Set by participant:join / participant:rejoin. */
  participantId: string | null;
  sessionId: string | null;
  /** The client's address (behind a trusted proxy, the forwarded one). */
  address: string;
  /** SHA-256 of the browser's device id, or of the socket id for clients without one. */
  deviceKey: string;
}

export type IoServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type IoSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

export const rooms = {
  /** Everyone in a class session: students and the teacher. */
  session: (sessionId: string) => `session:${sessionId}`,
  /** The teacher's live view of a session. */
  teacher: (sessionId: string) => `teacher:${sessionId}`,
  participant: (participantId: string) => `participant:${participantId}`,
  /** Every socket opened with one teacher's sign-in (closed together at sign-out). */
  authSession: (authSessionId: string) => `auth:${authSessionId}`,
  /** Students of a sweep who found every slot taken: the next freed slot goes to one of them. */
  sweepWait: (challengeId: string) => `sweep-wait:${challengeId}`,
};
