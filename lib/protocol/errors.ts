/** The closed set of error codes an acknowledgement can carry. */
export const ERROR_CODES = [
  "BAD_REQUEST",
  "PAYLOAD_TOO_LARGE",
  "VERSION_MISMATCH",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "RATE_LIMITED",
  "REMOVED",
  /** The student waits in the lobby: the teacher has not let them into the class yet. */
  "NOT_ADMITTED",
  "NICKNAME_TAKEN",
  /** The teacher locked joining: students already in can still come back. */
  "JOINING_LOCKED",
  "SESSION_CLOSED",
  "CHALLENGE_NOT_OPEN",
  /** The assignment's due date has passed and it takes no late work. */
  "PAST_DUE",
  "INVALID_TRANSITION",
  /** What is being created exists already (an LTI platform registration). */
  "CONFLICT",
  "CONSTRAINT_VIOLATION",
  "SUBMISSION_LIMIT",
  "INVALID_WEIGHTS",
  /** A prediction cannot change once training has started. */
  "PREDICTION_LOCKED",
  /** The challenge asks for a prediction before the first run. */
  "PREDICTION_REQUIRED",
  /** The measured profiles were revealed: no prediction can be made or changed any more. */
  "PREDICTION_CLOSED",
  /** The post-check comes after the student's own verified run (or the reveal). */
  "POST_CHECK_NOT_YET",
  /** The server cannot reach its database just now: nothing was changed; try again. */
  "UNAVAILABLE",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  code: ErrorCode;
  message: string;
  /** For BAD_REQUEST and CONSTRAINT_VIOLATION: which fields, and why. */
  issues?: { field: string; message: string }[];
  /** For UNAVAILABLE from a server behind on its work: when to send the same request again. */
  retryAfterMs?: number;
}

/** Every acknowledgement: data on success, a typed error otherwise. */
export type Ack<T> = { data: T } | { error: ProtocolError };

export function fail(
  code: ErrorCode,
  message: string,
  issues?: ProtocolError["issues"],
): { error: ProtocolError } {
  return { error: issues ? { code, message, issues } : { code, message } };
}

/** A busy server's answer: nothing was changed; the same request may come again after `retryAfterMs`. */
export function busy(retryAfterMs: number): { error: ProtocolError } {
  return {
    error: {
      code: "UNAVAILABLE",
      message: `the class server is busy: try again in ${Math.ceil(retryAfterMs / 1000)} s`,
      retryAfterMs,
    },
  };
}
