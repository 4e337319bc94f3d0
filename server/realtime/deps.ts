/** What the socket handlers are built from. */
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { Auth } from "../auth";
import type { Logger } from "../log";
import type { Repositories } from "../repositories";
import type { Verifier } from "../verifier";
import type { Leaderboards } from "./leaderboards";
import type { IoServer } from "./types";

export interface HandlerDeps {
  io: IoServer;
  repos: Repositories;
  /** Rechecks a teacher's session on every teacher action. */
  auth: Auth;
  verifier: Verifier;
  leaderboards: Leaderboards;
  /** Join attempts per address (consumed before the code is looked up). */
  joinLimiter: RateLimiterAbstract;
  /** Draws the secret seed of a challenge's hidden test split. */
  newTestSeed: () => number;
  logger: Logger;
  /** Resolves when the database answers (see handle.ts). */
  ping: () => Promise<void>;
}
