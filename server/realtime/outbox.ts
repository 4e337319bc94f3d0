/**
 * Messages to rooms, written a slice of sockets at a time. Socket.IO writes a room's message to
 * every socket in one turn of the event loop: a board update to a 2,000-student class held the
 * loop about 50 ms once a second, the longest wait anything else had (bench:class's profile).
 * Here a room's message is split into slices of SLICE sockets, each written in its own turn, so a
 * submission, a heartbeat or a health check waits one slice at most. Messages keep their order,
 * first in, first out, across rooms: a student's own entry never overtakes the update it belongs
 * with. Only this node's sockets (as `io.local`).
 */
import type { IoServer } from "./types";

/** Sockets written per turn of the event loop. */
export const SLICE = 200;

type Target = ReturnType<IoServer["local"]["to"]>;

export interface Outbox {
  /** Queues `emit` for the room's sockets on this node, a slice at a time. */
  toRoom(room: string, emit: (to: Target) => void): void;
  /** Resolves when everything queued has been written. */
  idle(): Promise<void>;
}

export function createOutbox(io: IoServer, slice = SLICE): Outbox {
  const queue: { ids: string[]; emit: (to: Target) => void }[] = [];
  let pumping = false;
  let waiters: (() => void)[] = [];

  function pump() {
    let budget = slice;
    while (queue.length > 0 && budget > 0) {
      const head = queue[0]!;
      const ids = head.ids.splice(0, budget);
      budget -= ids.length;
      if (head.ids.length === 0) queue.shift();
      // A socket's own room is its id: the slice is the union of those rooms, encoded once.
      if (ids.length > 0) head.emit(io.local.to(ids));
    }
    if (queue.length > 0) {
      setImmediate(pump);
      return;
    }
    pumping = false;
    const done = waiters;
    waiters = [];
    for (const w of done) w();
  }

  return {
    toRoom(room, emit) {
      const members = io.of("/").adapter.rooms.get(room);
      if (!members || members.size === 0) return;
      queue.push({ ids: [...members], emit });
      if (!pumping) {
        pumping = true;
        pump();
      }
    },
    idle() {
      return pumping ? new Promise((resolve) => waiters.push(resolve)) : Promise.resolve();
    },
  };
}
