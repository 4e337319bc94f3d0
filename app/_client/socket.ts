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
  /**
   * A launch from the school's learning platform (LTI) arrives with a fresh token in the address's
   * fragment (#rejoin=...), which no server sees: it is kept like a joined student's, and taken out
   * of the address bar so it is neither bookmarked nor shared.
   */
  adoptFromAddress(sessionId: string): void {
    const match = /^#rejoin=([\w-]{20,100})$/.exec(window.location.hash);
    if (!match) return;
    localStorage.setItem(tokenKey(sessionId), match[1]!);
    history.replaceState(null, "", window.location.pathname + window.location.search);
  },
};

/**
 * Whether this tab's student is joined on the current connection. A reconnect that Socket.IO could
 * not recover is a new connection the server knows no student on until the page rejoins with its
 * token: a request flushed before that is answered UNAUTHENTICATED. The class page opens the gate
 * after each successful (re)join and closes it on every disconnect.
 */
let joined = false;
let joinedWaiters: (() => void)[] = [];
export function setJoined(value: boolean): void {
  joined = value;
  if (value) {
    for (const wake of joinedWaiters) wake();
    joinedWaiters = [];
  }
}
export const whenJoined = (): Promise<void> =>
  joined ? Promise.resolve() : new Promise((resolve) => joinedWaiters.push(resolve));

/** Tells the class page that its connection knows no student any more: rejoin. */
export const REJOIN_NEEDED = "vanishing-point:rejoin-needed";

/** The connection dropped while a request was in flight: its answer will never come. */
export class ConnectionDropped extends Error {}

/** `request`, rejected at once when the connection drops before the answer. */
function requestOnThisConnection<E extends ClientEvent>(
  event: E,
  payload: PayloadInput<E>,
  timeoutMs: number,
): Promise<AckData[E]> {
  const socket = classSocket();
  return new Promise((resolve, reject) => {
    const dropped = () => reject(new ConnectionDropped("the connection dropped"));
    socket.once("disconnect", dropped);
    request(event, payload, timeoutMs)
      .then(resolve, reject)
      .finally(() => socket.off("disconnect", dropped));
  });
}

/** How long a student's submission keeps trying through drops before the page says to resend. */
export const SEND_PATIENCE_MS = 120_000;

/**
 * Sends a student's request that must arrive (a run): after the student is joined on the current
 * connection, again after every drop or a rejoin in between (an idempotent request: the run's
 * client id makes a resend the same run), until the server answers. `onWaiting` hears when it is
 * waiting for the connection. Throws the server's refusal, or, after SEND_PATIENCE_MS without an
 * answer, a plain "not sent" error.
 */
export async function sendWhenJoined<E extends ClientEvent>(
  event: E,
  payload: PayloadInput<E>,
  onWaiting?: (waiting: boolean) => void,
): Promise<AckData[E]> {
  const giveUp = Date.now() + SEND_PATIENCE_MS;
  for (;;) {
    if (!joined) onWaiting?.(true);
    const left = giveUp - Date.now();
    const ready = await Promise.race([
      whenJoined().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), Math.max(0, left))),
    ]);
    if (!ready) throw new NotSent();
    onWaiting?.(false);
    try {
      return await requestOnThisConnection(event, payload, Math.min(30_000, Math.max(1_000, left)));
    } catch (error) {
      const retry =
        error instanceof ConnectionDropped ||
        (error instanceof RequestError &&
          (error.error.code === "UNAUTHENTICATED" || error.error.code === "UNAVAILABLE")) ||
        !(error instanceof RequestError); // a timeout: the answer may come on a resend
      if (!retry) throw error;
      if (Date.now() >= giveUp) throw new NotSent();
      // UNAUTHENTICATED: this connection lost its student; the page rejoins and opens the gate.
      if (error instanceof RequestError && error.error.code === "UNAUTHENTICATED") {
        joined = false;
        window.dispatchEvent(new Event(REJOIN_NEEDED));
      }
      // A busy server says when to come back; otherwise a short pause.
      const wait = error instanceof RequestError ? (error.error.retryAfterMs ?? 500) : 500;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(wait, Math.max(0, giveUp - Date.now()))),
      );
    }
  }
}

/**
 * A request sent again while a busy server answers with a retry time (UNAVAILABLE with
 * `retryAfterMs`: it changed nothing), at most `tries` times; any other answer is returned or thrown.
 */
export async function requestWhenAdmitted<E extends ClientEvent>(
  event: E,
  payload: PayloadInput<E>,
  tries = 5,
): Promise<AckData[E]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(event, payload);
    } catch (error) {
      const wait = error instanceof RequestError ? error.error.retryAfterMs : undefined;
      if (wait === undefined || attempt >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** A request that could not be delivered within SEND_PATIENCE_MS. */
export class NotSent extends Error {
  constructor() {
    super(
      "Not sent: the class server could not be reached for two minutes. Your run is kept in this page: press Submit again when the connection is back.",
    );
  }
}
