"use client";
/**
 * The browser's Socket.IO connection, typed by lib/protocol, and a helper that turns an
 * acknowledgement into data or a thrown ProtocolError. Pages on the room's Wi-Fi are plain http
 * (not a "secure context"), so nothing here relies on APIs only secure contexts have.
 */
import { io, type Socket } from "socket.io-client";
import type { Ack, ProtocolError } from "../../lib/protocol/errors";
import type {
  AckData,
  ClientEvent,
  ClientToServerEvents,
  ServerToClientEvents,
} from "../../lib/protocol/events";
import { RECONNECT } from "../../lib/protocol/reconnect";
import { PROTOCOL_VERSION, type PayloadInput } from "../../lib/protocol/schemas";

export type ClassSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Random hex from getRandomValues (randomUUID needs a secure context). */
function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
}

/** An RFC 4122 version-4 UUID, in any context. */
export function newRunId(): string {
  const h = randomHex(16);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const DEVICE_KEY = "vanishing-point:device";

/** This browser's own random id: the server holds removal and join limits to it. */
function deviceId(): string {
  try {
    const known = localStorage.getItem(DEVICE_KEY);
    if (known && /^[A-Za-z0-9_-]{16,64}$/.test(known)) return known;
    const fresh = randomHex(16);
    localStorage.setItem(DEVICE_KEY, fresh);
    return fresh;
  } catch {
    return randomHex(16); // storage blocked: a fresh id per page
  }
}

let shared: ClassSocket | null = null;

/** One connection per tab, to the same origin (the teacher's session cookie goes with it). */
export function classSocket(): ClassSocket {
  shared ??= io({
    auth: { protocolVersion: PROTOCOL_VERSION, deviceId: deviceId() },
    transports: ["websocket", "polling"],
    ...RECONNECT,
  });
  return shared;
}

/** Reconnects with the current cookies (after a teacher signs in or out). */
export function reconnectSocket(): ClassSocket {
  shared?.disconnect();
  shared = null;
  return classSocket();
}

/** A handshake the server refused for good (another protocol version, a foreign page). */
export class ConnectionRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Resolves once the tab's socket is connected; rejects when the server refuses the handshake. */
export function whenConnected(): Promise<void> {
  const socket = classSocket();
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onConnect = () => {
      socket.off("connect_error", onError);
      resolve();
    };
    const onError = (error: Error & { data?: { code?: string; message?: string } }) => {
      // A refusal with a code is final; anything else (no network) is retried by Socket.IO.
      if (!error.data?.code) return;
      socket.off("connect", onConnect);
      socket.off("connect_error", onError);
      reject(new ConnectionRefused(error.data.code, error.data.message ?? error.message));
    };
    socket.once("connect", onConnect);
    socket.on("connect_error", onError);
  });
}

/** What a refused connection means for the person looking at the page. */
export function refusalMessage(error: unknown): string {
  if (error instanceof ConnectionRefused && error.code === "VERSION_MISMATCH")
    return "This page is older than the class server: reload the page.";
  if (error instanceof ConnectionRefused)
    return `The class server refused this page: ${error.message}`;
  return "Could not reach the class server.";
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

/** A failed request in words for the page (a timeout is the server not answering). */
export function requestMessage(error: unknown): string {
  return error instanceof RequestError ? error.error.message : "The class server did not answer.";
}

const tokenKey = (sessionId: string) => `vanishing-point:rejoin:${sessionId}`;

/** The rejoin token of a session, kept in this browser so a refresh restores the same student. */
export const rejoinTokens = {
  get: (sessionId: string) => localStorage.getItem(tokenKey(sessionId)),
  set: (sessionId: string, token: string) => localStorage.setItem(tokenKey(sessionId), token),
  clear: (sessionId: string) => localStorage.removeItem(tokenKey(sessionId)),
};
