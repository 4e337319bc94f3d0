/**
 * The socket calls being answered. A drain stops taking new ones (they are answered UNAVAILABLE:
 * the client tries again on the next node or after the restart) and waits for these before the
 * database closes, so a submission being stored is stored and acknowledged.
 */
export interface Calls {
  readonly accepting: boolean;
  /** Calls being answered now. */
  readonly size: number;
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Stops accepting; resolves when every tracked call has answered, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createCalls(): Calls {
  let accepting = true;
  let size = 0;
  let onIdle: (() => void) | null = null;
  return {
    get accepting() {
      return accepting;
    },
    get size() {
      return size;
    },
    async track(work) {
      size++;
      try {
        return await work();
      } finally {
        size--;
        if (size === 0) onIdle?.();
      }
    },
    drain(timeoutMs) {
      accepting = false;
      if (size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        onIdle = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
    },
  };
}
