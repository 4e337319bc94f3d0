/**
 * How often a device and an address may try to join. A class sits behind one public address, so
 * the device (the browser's own id, or the socket without one) is limited first and the address
 * only at a ceiling that follows the class: one student who mistypes the code locks out only
 * themselves, and a lecture hall of thousands behind one campus NAT is not stopped by its size.
 *
 * Failed attempts are what guards the ~1e9 join codes. An address may fail 200 times a minute, and
 * 2 more for every device that joined a session from it in the last 10 minutes (a hall of 2,000
 * that has joined may mistype 4,200 times a minute; a brute force from an address nobody joined
 * from stays at 200: about 10,000 years per address). Successful joins are limited per device
 * (one browser cannot fill a session with made-up students) and per address per session, at a
 * ceiling a lecture hall does not reach; the lobby (the teacher admitting newcomers) is what holds
 * a session shut. Every check consumes before it looks (atomic, in memory or in Redis); a success
 * gives its failure point back. A refusal says which limit refused: this device, or the network.
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
  /** Wrong codes or tokens per address per minute, before the class's allowance below. */
  failuresPerAddress: { points: 200, duration: 60 },
  /** Sessions joined per device per 10 minutes (a wrong nickname can be fixed, 300 cannot). */
  joinsPerDevice: { points: 5, duration: 600 },
  /** Joins of one session per address per 10 minutes: a lecture hall of thousands behind one NAT. */
  joinsPerAddressPerSession: { points: 5_000, duration: 600 },
} as const;

/** Extra wrong codes an address may send a minute for each device that joined from it lately. */
export const FAILURES_PER_JOINED_DEVICE = 2;
/** How long a join from an address counts towards its allowance. */
const JOINED_WINDOW_S = 600;

type LimitName = keyof typeof JOIN_LIMITS;

/** Which limit refused: this device's, or the address's (every device behind it). */
export type JoinRefusal = "device" | "address";

export interface JoinLimits {
  /**
   * Counts an attempt before the code or token is looked up; null when allowed, else the limit
   * that refused.
   */
  attempt(device: string, address: string): Promise<JoinRefusal | null>;
  /** The attempt found its session: its point comes back. */
  succeeded(device: string, address: string): Promise<void>;
  /** Counts a join (a new participant) of `sessionId`; null when allowed, else what refused. */
  join(device: string, address: string, sessionId: string): Promise<JoinRefusal | null>;
}

export function createJoinLimits(redis: ReturnType<typeof createClient> | null): JoinLimits {
  const limiter = (
    name: string,
    limits: { points: number; duration: number },
  ): RateLimiterAbstract => {
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
    (Object.keys(JOIN_LIMITS) as LimitName[]).map((n) => [
      n,
      n === "failuresPerAddress"
        ? // A counter: its ceiling depends on the address's joined devices (checked below).
          limiter(n, { points: 1_000_000, duration: JOIN_LIMITS[n].duration })
        : limiter(n, JOIN_LIMITS[n]),
    ]),
  ) as unknown as Record<LimitName, RateLimiterAbstract>;
  /** Devices that joined a session from an address lately: the address's allowance. */
  const joinedFrom = limiter("joinedFromAddress", {
    points: 1_000_000,
    duration: JOINED_WINDOW_S,
  });

  /** Consumes a point; false when the limiter refused (a store failure is thrown). */
  const take = (name: LimitName, key: string) =>
    limiters[name].consume(key).then(
      () => true,
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) return false;
        throw rejection;
      },
    );

  /** One more failure from `address`, within its ceiling (200, plus the class's allowance). */
  async function addressMayFail(address: string): Promise<boolean> {
    const [used, joined] = await Promise.all([
      limiters.failuresPerAddress.consume(address).then((r) => r.consumedPoints),
      joinedFrom.get(address).then((r) => r?.consumedPoints ?? 0),
    ]);
    const ceiling = JOIN_LIMITS.failuresPerAddress.points + FAILURES_PER_JOINED_DEVICE * joined;
    if (used <= ceiling) return true;
    await limiters.failuresPerAddress.reward(address);
    return false;
  }

  return {
    async attempt(d, a) {
      if (!(await take("failuresPerDevice", d))) return "device";
      if (await addressMayFail(a)) return null;
      await limiters.failuresPerDevice.reward(d);
      return "address";
    },
    async succeeded(d, a) {
      await Promise.all([
        limiters.failuresPerDevice.reward(d),
        limiters.failuresPerAddress.reward(a),
      ]);
    },
    async join(d, a, sessionId) {
      if (!(await take("joinsPerDevice", d))) return "device";
      if (!(await take("joinsPerAddressPerSession", `${a}:${sessionId}`))) {
        await limiters.joinsPerDevice.reward(d);
        return "address";
      }
      await joinedFrom.consume(a);
      return null;
    },
  };
}
