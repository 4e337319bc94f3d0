/** What the socket handlers are built from. */
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { Repositories } from "../repositories";
import type { Verifier } from "../verifier";
import type { Leaderboards } from "./leaderboards";
import type { IoServer } from "./types";

export interface HandlerDeps {
  io: IoServer;
  repos: Repositories;
  verifier: Verifier;
  leaderboards: Leaderboards;
  /** Failed join attempts per address. */
  joinLimiter: RateLimiterAbstract;
  /** Draws the secret seed of a challenge's hidden test split. */
  newTestSeed: () => number;
  log: (message: string, error?: unknown) => void;
}
