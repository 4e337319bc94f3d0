/**
 * A message to a big room is written a slice of sockets at a time, other work getting turns in
 * between, and messages keep their order: a student's own entry never arrives before the update
 * it belongs with. Real Socket.IO server and clients.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutbox } from "../../../server/realtime/outbox";
import type { IoServer } from "../../../server/realtime/types";

const STUDENTS = 300;
const SLICE = 100;
const http = createServer();
const io = new Server(http) as unknown as IoServer;
const clients: Socket[] = [];
/** Packets the server has created for its sockets (Engine.IO's packetCreate). */
let written = 0;

beforeAll(async () => {
  io.on("connection", (socket) => {
    void socket.join("class");
    socket.conn.on("packetCreate", () => written++);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  for (let i = 0; i < STUDENTS; i++) {
    const c = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], forceNew: true });
    clients.push(c);
  }
  await Promise.all(
    clients.map((c) => (c.connected ? null : new Promise((r) => c.once("connect", () => r(null))))),
  );
  while (io.of("/").adapter.rooms.get("class")?.size !== STUDENTS)
    await new Promise((r) => setTimeout(r, 20));
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await new Promise((resolve) => io.close(resolve));
});

describe("the outbox", () => {
  it("writes a room's message a slice at a time, in order with what follows it", async () => {
    const seen = new Map<string, string[]>();
    for (const c of clients) {
      const log: string[] = [];
      seen.set(c.id!, log);
      c.on("update" as never, (v: number) => void log.push(`update ${v}`));
      c.on("rank" as never, (v: number) => void log.push(`rank ${v}`));
    }
    const outbox = createOutbox(io, SLICE);
    const student = clients[STUDENTS - 1]!.id!;
    const emit = (event: string, v: number) => (to: { emit: (e: never, v: never) => unknown }) =>
      to.emit(event as never, v as never);
    written = 0;
    outbox.toRoom("class", emit("update", 1) as never);
    outbox.toRoom(student, emit("rank", 1) as never);
    outbox.toRoom("class", emit("update", 2) as never);
    const firstTurn = written;
    // Work queued now runs before the rest of the room is written.
    const between = await new Promise<number>((resolve) => setImmediate(() => resolve(written)));
    await outbox.idle();
    expect(firstTurn).toBe(SLICE);
    expect(between).toBeLessThan(2 * STUDENTS + 1);
    expect(written).toBe(2 * STUDENTS + 1);

    const deadline = Date.now() + 10_000;
    const received = () => [...seen.values()].reduce((n, l) => n + l.length, 0);
    while (received() < 2 * STUDENTS + 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    for (const [id, log] of seen)
      expect(log).toEqual(
        id === student ? ["update 1", "rank 1", "update 2"] : ["update 1", "update 2"],
      );
  });
});
