/** What the socket handlers are built from. */
import type { Auth } from "../auth";
import type { OriginPolicy } from "../http/origins";
import type { Logger } from "../log";
import type { Repositories } from "../repositories";
import type { RunPipeline } from "../runs/pipeline";
import type { Admission } from "./admission";
import type { Calls } from "./calls";
import type { Experiment } from "./experiment";
import type { JoinLimits } from "./join-limits";
import type { Leaderboards } from "./leaderboards";
import type { IoServer } from "./types";

export interface HandlerDeps {
  io: IoServer;
  repos: Repositories;
  /** Rechecks a teacher's session on every teacher action. */
  auth: Auth;
  /** A run's life: accepted from a student, settled by the verifier (server/runs/pipeline.ts). */
  runs: RunPipeline;
  leaderboards: Leaderboards;
  /** Sweep slots and prediction scores. */
  experiment: Experiment;
  /** Join attempts and joins per device and per address. */
  joinLimits: JoinLimits;
  /** The app's origins: where students' devices should open the join link. */
  origins: OriginPolicy;
  /** Draws the secret seed of a challenge's hidden test split. */
  newTestSeed: () => number;
  logger: Logger;
  /** Resolves when the database answers (see handle.ts). */
  ping: () => Promise<void>;
  /** The calls being answered (see calls.ts). */
  calls: Calls;
  /** Whether new work may start now (see admission.ts). */
  admission: Admission;
}
