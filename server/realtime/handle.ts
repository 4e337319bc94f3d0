/**
 * Registers one client event: the payload is parsed with its schema (a failure answers BAD_REQUEST
 * and changes nothing), the handler's result is the acknowledgement, and unknown errors are logged
 * and reach the client only as INTERNAL.
 *
 * Every client event is `emit(event, payload, ack)`. A call without an acknowledgement callback gets
 * nothing back (there is nowhere to answer); a call with one but no payload, or with extra
 * arguments, is answered BAD_REQUEST.
 */
import type { Ack } from "../../lib/protocol/errors";
import { busy, fail } from "../../lib/protocol/errors";
import type { AckData, ClientEvent } from "../../lib/protocol/events";
import { MAX_WEIGHTS_BYTES_PER_RUN, payloads, type Payload } from "../../lib/protocol/schemas";
import type { Logger } from "../log";
import type { Admission } from "./admission";
import type { Calls } from "./calls";
import type { IoSocket } from "./types";

/**
 * Payloads over the socket's own limit (MAX_MESSAGE_BYTES) never arrive: Socket.IO closes the
 * connection. Under it, a weights blob over its cap gets its own code rather than BAD_REQUEST.
 */
function oversized(raw: unknown): boolean {
  const weights =
    typeof raw === "object" && raw !== null ? (raw as { weights?: unknown }).weights : undefined;
  return weights instanceof Uint8Array && weights.byteLength > MAX_WEIGHTS_BYTES_PER_RUN;
}

export type Handler<E extends ClientEvent> = (payload: Payload<E>) => Promise<Ack<AckData[E]>>;

export interface HandleContext {
  log: Logger;
  /** Resolves when the database answers: tells an outage (UNAVAILABLE) from a bug (INTERNAL). */
  ping: () => Promise<void>;
  /** Calls being answered, which a drain waits for. */
  calls: Calls;
  /** Whether new work may start now (absent: always). */
  admission?: Admission;
}

/**
 * The events that start new work, refused with a retry time while the server is behind: the rest
 * (rejoining, reading boards and runs, the teacher's controls) keep a class together and are
 * always answered.
 */
const NEW_WORK: ReadonlySet<ClientEvent> = new Set<ClientEvent>(["run:submit", "participant:join"]);

export function handle<E extends ClientEvent>(
  socket: IoSocket,
  event: E,
  handler: Handler<E>,
  { log, ping, calls, admission }: HandleContext,
): void {
  const listener = async (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== "function") return;
    const reply = ack as (result: Ack<AckData[E]>) => void;
    if (args.length !== 2) {
      reply(
        fail(
          "BAD_REQUEST",
          `${event} takes one payload and an acknowledgement, got ${args.length - 1} arguments`,
        ),
      );
      return;
    }
    const raw = args[0];
    if (oversized(raw)) {
      reply(fail("PAYLOAD_TOO_LARGE", `weights are limited to ${MAX_WEIGHTS_BYTES_PER_RUN} bytes`));
      return;
    }
    const parsed = payloads[event].safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({
        field: i.path.join(".") || "(payload)",
        message: i.message,
      }));
      reply(fail("BAD_REQUEST", `invalid ${event} payload`, issues));
      return;
    }
    if (!calls.accepting) {
      reply(fail("UNAVAILABLE", "the class server is restarting: try again in a moment"));
      return;
    }
    const wait = NEW_WORK.has(event) ? admission?.refusal() : null;
    if (wait != null) {
      reply(busy(wait));
      return;
    }
    try {
      reply(await calls.track(() => handler(parsed.data as Payload<E>)));
    } catch (error) {
      log.error({ err: error, event }, "socket event failed");
      const reachable = await ping().then(
        () => true,
        () => false,
      );
      reply(
        reachable
          ? fail("INTERNAL", "something went wrong on the server")
          : fail("UNAVAILABLE", "the class server cannot reach its database: try again shortly"),
      );
    }
  };
  (socket.on as (event: string, listener: (...args: unknown[]) => void) => void)(
    event,
    listener as (...args: unknown[]) => void,
  );
}
