/** socket.io-client peers and the teacher sign-up, shared by integration and end-to-end tests. */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { io as connect, type Socket } from "socket.io-client";
import {
  feedFrom,
  onBoardRank,
  onBoardUpdate,
  type BoardFeed,
  type FeedStep,
} from "../../lib/challenges/board-feed";
import type { Ack } from "../../lib/protocol/errors";
import type {
  AckData,
  ClientEvent,
  ClientToServerEvents,
  ServerToClientEvents,
} from "../../lib/protocol/events";
import type { ChallengeSpecInput } from "../../lib/challenges/spec";
import { PROTOCOL_VERSION, type PayloadInput } from "../../lib/protocol/schemas";
import { viaLoopback } from "./loopback";

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Signs a teacher up through the auth routes and returns the session cookie. */
export async function signUpTeacher(
  url: string,
  email: string,
  options: { password?: string; origin?: string; host?: string } = {},
): Promise<string> {
  const password = options.password ?? "correct horse battery";
  const target = viaLoopback(url);
  const host = options.host ?? target.host;
  const signUp = () =>
    postJson(
      `${target.url}/api/auth/sign-up/email`,
      { email, password, name: email.split("@")[0] },
      // The auth library accepts requests from the app's own origin only.
      {
        origin: options.origin ?? "http://localhost",
        ...(host ? { host } : {}),
      },
    );
  let res = await signUp();
  // The library allows 3 sign-ups per address in 10 s (across every server of the test process):
  // a test's fourth teacher waits as a person would.
  for (let tries = 0; res.status === 429 && tries < 2; tries++) {
    const seconds = Math.min(11, Number(res.headers["x-retry-after"] ?? 10));
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 100));
    res = await signUp();
  }
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${res.body}`);
  return res.cookies.map((c) => c.split(";")[0]).join("; ");
}

/**
 * A JSON POST through node:http, which (unlike fetch) may send any Host: a browser that reached
 * the server by another of its addresses.
 */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; cookies: string[]; headers: IncomingHttpHeaders }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(data),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            cookies: res.headers["set-cookie"] ?? [],
            headers: res.headers,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

export async function client(
  url: string,
  options: {
    cookie?: string;
    version?: number;
    reconnect?: boolean;
    origin?: string;
    /** The Host header, as a browser that reached the server by another name would send. */
    host?: string;
    /** The browser's device id (kept in its localStorage). */
    deviceId?: string;
  } = {},
): Promise<Client> {
  const target = viaLoopback(url);
  const host = options.host ?? target.host;
  const socket: Client = connect(target.url, {
    transports: ["websocket"],
    auth: {
      protocolVersion: options.version ?? PROTOCOL_VERSION,
      ...(options.deviceId ? { deviceId: options.deviceId } : {}),
    },
    extraHeaders: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
      ...(host ? { host } : {}),
    },
    reconnection: options.reconnect ?? false,
    reconnectionDelay: 100,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(error));
  });
  return socket;
}

export function call<E extends ClientEvent>(
  socket: Client,
  event: E,
  payload: PayloadInput<E> | unknown,
): Promise<Ack<AckData[E]>> {
  return (
    socket.timeout(20_000) as unknown as {
      emitWithAck: (e: string, p: unknown) => Promise<Ack<AckData[E]>>;
    }
  ).emitWithAck(event, payload);
}

/** The data of a successful ack, or a thrown error naming the code. */
export async function ok<E extends ClientEvent>(
  socket: Client,
  event: E,
  payload: PayloadInput<E>,
): Promise<AckData[E]> {
  const result = await call(socket, event, payload);
  if ("error" in result) throw new Error(`${event}: ${result.error.code} ${result.error.message}`);
  return result.data;
}

export function next<K extends keyof ServerToClientEvents>(
  socket: Client,
  event: K,
  timeoutMs = 20_000,
): Promise<Parameters<ServerToClientEvents[K]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${event} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    (socket.once as (e: string, l: (...args: unknown[]) => void) => void)(
      event,
      (...args: unknown[]) => {
        clearTimeout(timer);
        resolve(args as Parameters<ServerToClientEvents[K]>);
      },
    );
  });
}

/** The first `event` whose arguments satisfy `accept`. */
export function nextMatching<K extends keyof ServerToClientEvents>(
  socket: Client,
  event: K,
  accept: (...args: Parameters<ServerToClientEvents[K]>) => boolean,
  timeoutMs = 20_000,
): Promise<Parameters<ServerToClientEvents[K]>> {
  return new Promise((resolve, reject) => {
    type Listen = (e: string, l: (...args: unknown[]) => void) => void;
    const on = (socket.on as Listen).bind(socket);
    const off = (socket.off as Listen).bind(socket);
    const listener = (...args: unknown[]) => {
      if (!accept(...(args as Parameters<ServerToClientEvents[K]>))) return;
      clearTimeout(timer);
      off(event, listener);
      resolve(args as Parameters<ServerToClientEvents[K]>);
    };
    const timer = setTimeout(() => {
      off(event, listener);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    on(event, listener);
  });
}

/** A student's leaderboard kept the way the lab keeps it (lib/challenges/board-feed.ts). */
export interface FollowedBoard {
  feed(): BoardFeed | null;
  /** Board messages received (updates and own-rank messages). */
  messages: number;
  /** Fetches after the first (a missed message or another stream). */
  refetches: number;
  /** Largest board message received, in bytes of JSON. */
  largest: number;
  /** Every board message received, in bytes of JSON (fetches not counted). */
  bytes: number;
  /** Resolves once the followed board satisfies `done`. */
  until(done: (feed: BoardFeed) => boolean, timeoutMs?: number): Promise<BoardFeed>;
}

export async function followBoard(c: Client, challengeId: string): Promise<FollowedBoard> {
  let feed: BoardFeed | null = null;
  const state = { messages: 0, refetches: 0, largest: 0, bytes: 0 };
  const waiters = new Set<() => void>();
  const show = (next: BoardFeed) => {
    feed = next;
    for (const w of waiters) w();
  };
  const fetchBoard = async () => show(feedFrom(await ok(c, "leaderboard:get", { challengeId })));
  const step = <M extends { challengeId: string }>(
    message: M,
    reduce: (f: BoardFeed, m: M) => FeedStep,
  ) => {
    if (message.challengeId !== challengeId) return;
    state.messages++;
    const size = JSON.stringify(message).length;
    state.largest = Math.max(state.largest, size);
    state.bytes += size;
    if (!feed) return;
    const next = reduce(feed, message);
    if (next === "refetch") {
      state.refetches++;
      void fetchBoard();
    } else show(next);
  };
  c.on("leaderboard:update", (u) => step(u, onBoardUpdate));
  c.on("leaderboard:rank", (r) => step(r, onBoardRank));
  await fetchBoard();
  return {
    feed: () => feed,
    get messages() {
      return state.messages;
    },
    get refetches() {
      return state.refetches;
    },
    get largest() {
      return state.largest;
    },
    get bytes() {
      return state.bytes;
    },
    until(done, timeoutMs = 10_000) {
      return new Promise<BoardFeed>((resolve, reject) => {
        const check = () => {
          if (feed && done(feed)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(feed);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`board not reached in ${timeoutMs} ms: ${JSON.stringify(feed)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** What a teacher does before the students join: a session with one challenge, open. */
export async function openChallenge(
  teacher: Client,
  sessionTitle: string,
  challenge: { title: string; spec: ChallengeSpecInput },
) {
  const session = await ok(teacher, "session:create", { title: sessionTitle });
  const posted = await ok(teacher, "challenge:post", { sessionId: session.id, ...challenge });
  await ok(teacher, "challenge:transition", { challengeId: posted.id, action: "open" });
  return { joinCode: session.joinCode!, sessionId: session.id, challengeId: posted.id };
}
