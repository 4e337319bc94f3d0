/** A real server on port 0 over a throwaway database, and real socket.io-client peers. */
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import type { Ack } from "../../../lib/protocol/errors";
import type {
  AckData,
  ClientEvent,
  ClientToServerEvents,
  ServerToClientEvents,
} from "../../../lib/protocol/events";
import { PROTOCOL_VERSION, type PayloadInput } from "../../../lib/protocol/schemas";
import { createApplication, type Application } from "../../../server/app";
import type { Provider } from "../../../server/db/migrate";
import { throwawayDatabase, type Throwaway } from "../db/throwaway";

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  app: Application;
  throwaway: Throwaway;
  close(): Promise<void>;
}

export async function startServer(
  provider: Provider,
  options: { leaderboardFlushMs?: number } = {},
): Promise<TestServer> {
  const throwaway = await throwawayDatabase(provider);
  const app = await createApplication({
    databaseUrl: throwaway.url,
    authSecret: "test-secret-that-is-at-least-32-characters-long",
    baseURL: "http://localhost",
    web: false,
    leaderboardFlushMs: options.leaderboardFlushMs,
    log: process.env.TEST_SERVER_LOG ? (m, e) => console.error(m, e) : () => {},
  });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    app,
    throwaway,
    async close() {
      await app.close();
      await throwaway.drop();
    },
  };
}

/** Signs a teacher up through the auth routes and returns the session cookie. */
export async function signUpTeacher(
  url: string,
  email: string,
  password = "correct horse battery",
): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost" },
    body: JSON.stringify({ email, password, name: email.split("@")[0] }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  return cookies.join("; ");
}

export async function client(
  url: string,
  options: { cookie?: string; version?: number; reconnect?: boolean } = {},
): Promise<Client> {
  const socket: Client = connect(url, {
    transports: ["websocket"],
    auth: { protocolVersion: options.version ?? PROTOCOL_VERSION },
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
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
