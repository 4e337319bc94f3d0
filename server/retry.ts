/** Retrying work that needs a service that may be away for a while (the database, Redis). */

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; doubles after each failure, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Told of each failure that will be retried. */
  onRetry?: (error: unknown, delayMs: number) => void;
}

export async function retry<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  let delay = options.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= options.attempts) throw error;
      options.onRetry?.(error, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(2 * delay, options.maxDelayMs);
    }
  }
}

/** What a settled run's broadcasts wait out: about a minute of database outage. */
export const BROADCAST_RETRY: RetryOptions = {
  attempts: 10,
  firstDelayMs: 250,
  maxDelayMs: 10_000,
};
