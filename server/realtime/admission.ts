/**
 * Admission control: a server falling behind says so, and when to come back, before it stalls. New
 * work (a submission, a first join) is answered UNAVAILABLE with `retryAfterMs` while the event
 * loop runs late or too many calls wait for an answer; what keeps a class together (rejoins,
 * boards, heartbeats, the health check) is never refused. Nothing refused is changed: the client
 * sends it again after the given time (the run keeps its id, so a resend is the same run).
 */
export interface AdmissionLimits {
  /** The event loop's worst lateness over the last second above which new work waits. */
  maxLagMs: number;
  /** Calls being answered at once above which new work waits. */
  maxCalls: number;
}

export const DEFAULT_ADMISSION: AdmissionLimits = { maxLagMs: 1_000, maxCalls: 1_000 };

/** How often the loop's lateness is sampled, and how many samples make up "the last second". */
const SAMPLE_MS = 100;
const WINDOW = 10;
/** A refused client waits at least this long, at most MAX_RETRY_MS, and a random part on top. */
const MIN_RETRY_MS = 1_000;
const MAX_RETRY_MS = 15_000;
const JITTER_MS = 1_000;

export interface Admission {
  /** Null: the work may start; otherwise how long the client should wait before sending it again. */
  refusal(): number | null;
  /** The event loop's worst lateness over the last second (milliseconds). */
  lagMs(): number;
  close(): void;
}

export function createAdmission(
  inFlight: () => number,
  limits: AdmissionLimits = DEFAULT_ADMISSION,
): Admission {
  const lags: number[] = [];
  let expected = performance.now() + SAMPLE_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - expected));
    if (lags.length > WINDOW) lags.shift();
    expected = now + SAMPLE_MS;
  }, SAMPLE_MS);
  timer.unref();
  // A sample is taken only when the loop comes round: a loop stuck right now is as late as the
  // time since the sample it missed.
  const lagMs = () => Math.max(0, performance.now() - expected, ...lags);
  return {
    lagMs,
    refusal() {
      const lag = lagMs();
      const calls = inFlight();
      if (lag <= limits.maxLagMs && calls <= limits.maxCalls) return null;
      const behind = Math.max(2 * lag, (calls / limits.maxCalls) * MIN_RETRY_MS);
      return Math.round(
        Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, behind)) + Math.random() * JITTER_MS,
      );
    },
    close: () => clearInterval(timer),
  };
}
