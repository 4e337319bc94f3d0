/**
 * How often a device and an address may try to join. A class sits behind one public address, so
 * the device (the browser's own id, or the socket without one) is limited first and the address
 * only at a ceiling no class reaches: one student who mistypes the code locks out only themselves.
 *
 * Failed attempts are what guards the ~1e9 join codes: at 200 a minute per address a brute force
 * needs about 10,000 years per address. Successful joins are limited per device so that one browser
 * cannot fill a session with made-up students. Every check consumes before it looks (atomic, in
 * memory or in Redis); a success gives its failure point back.
 */
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { createClient } from "redis";

export const JOIN_LIMITS = {
  /** Wrong codes or tokens per device per minute. */
  failuresPerDevice: { points: 10, duration: 60 },
  /** Wrong codes or tokens per address per minute: a lecture hall mistyping, not a brute force. */
  failuresPerAddress: { points: 200, duration: 60 },
  /** Sessions joined per device per 10 minutes (a wrong nickname can be fixed, 300 cannot). */
  joinsPerDevice: { points: 5, duration: 600 },
  /** Sessions joined per address per 10 minutes: a lecture hall of hundreds behind one NAT. */
  joinsPerAddress: { points: 1_000, duration: 600 },
} as const;

type LimitName = keyof typeof JOIN_LIMITS;

export interface JoinLimits {
  /** Counts an attempt before the code or token is looked up; false when over a limit. */
  attempt(device: string, address: string): Promise<boolean>;
  /** The attempt found its session: its point comes back. */
  succeeded(device: string, address: string): Promise<void>;
  /** Counts a join (a new participant); false when over a limit. */
  join(device: string, address: string): Promise<boolean>;
}

export function createJoinLimits(redis: ReturnType<typeof createClient> | null): JoinLimits {
  const limiter = (name: LimitName): RateLimiterAbstract => {
    const limits = JOIN_LIMITS[name];
    if (!redis) return new RateLimiterMemory(limits);
    return new RateLimiterRedis({
      ...limits,
      storeClient: redis,
      useRedisPackage: true,
      keyPrefix: `vp:${name}`,
      // While Redis is away each node limits on its own rather than letting everyone through.
      insuranceLimiter: new RateLimiterMemory(limits),
    });
  };
  const limiters = Object.fromEntries(
    (Object.keys(JOIN_LIMITS) as LimitName[]).map((n) => [n, limiter(n)]),
  ) as Record<LimitName, RateLimiterAbstract>;

  /** Consumes a point; false when the limiter refused (a store failure is thrown). */
  const take = (name: LimitName, key: string) =>
    limiters[name].consume(key).then(
      () => true,
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) return false;
        throw rejection;
      },
    );

  async function both(device: LimitName, address: LimitName, d: string, a: string) {
    if (!(await take(device, d))) return false;
    if (await take(address, a)) return true;
    await limiters[device].reward(d);
    return false;
  }

  return {
    attempt: (d, a) => both("failuresPerDevice", "failuresPerAddress", d, a),
    async succeeded(d, a) {
      await Promise.all([
        limiters.failuresPerDevice.reward(d),
        limiters.failuresPerAddress.reward(a),
      ]);
    },
    join: (d, a) => both("joinsPerDevice", "joinsPerAddress", d, a),
  };
}
