"use client";
/**
 * The browser's Socket.IO connection, typed by lib/protocol, and a helper that turns an
 * acknowledgement into data or a thrown ProtocolError.
 */
import { io, type Socket } from "socket.io-client";
import type { Ack, ProtocolError } from "../../lib/protocol/errors";
import type {
  AckData,
  ClientEvent,
  ClientToServerEvents,
  ServerToClientEvents,
} from "../../lib/protocol/events";
import { PROTOCOL_VERSION, type PayloadInput } from "../../lib/protocol/schemas";

export type ClassSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: ClassSocket | null = null;

/** One connection per tab, to the same origin (the teacher's session cookie goes with it). */
export function classSocket(): ClassSocket {
  shared ??= io({
    auth: { protocolVersion: PROTOCOL_VERSION },
    transports: ["websocket", "polling"],
  });
  return shared;
}

/** Reconnects with the current cookies (after a teacher signs in or out). */
export function reconnectSocket(): ClassSocket {
  shared?.disconnect();
  shared = null;
  return classSocket();
}

/** Resolves once the tab's socket is connected. */
export function whenConnected(): Promise<void> {
  const socket = classSocket();
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve) => socket.once("connect", () => resolve()));
}

export class RequestError extends Error {
  constructor(readonly error: ProtocolError) {
    super(error.message);
  }
}

export async function request<E extends ClientEvent>(
  event: E,
  payload: PayloadInput<E>,
  timeoutMs = 30_000,
): Promise<AckData[E]> {
  const socket = classSocket() as unknown as {
    timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<Ack<AckData[E]>> };
  };
  const result = await socket.timeout(timeoutMs).emitWithAck(event, payload);
  if ("error" in result) throw new RequestError(result.error);
  return result.data;
}

const tokenKey = (sessionId: string) => `vanishing-point:rejoin:${sessionId}`;

/** The rejoin token of a session, kept in this browser so a refresh restores the same student. */
export const rejoinTokens = {
  get: (sessionId: string) => localStorage.getItem(tokenKey(sessionId)),
  set: (sessionId: string, token: string) => localStorage.setItem(tokenKey(sessionId), token),
  clear: (sessionId: string) => localStorage.removeItem(tokenKey(sessionId)),
};
