/**
 * Structured logs (pino, one JSON line each). Every line about a request carries its `reqId`, every
 * line about a socket its `socketId`, so an operator can follow one client from outside.
 */
import { pino, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Secrets a request or response carries, never written to a log. */
const REDACTED = ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'];

export function createLogger(level: LogLevel = "info"): Logger {
  return pino({ level, base: { app: "vanishing-point" }, redact: REDACTED });
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger = (): Logger => pino({ level: "silent" });
