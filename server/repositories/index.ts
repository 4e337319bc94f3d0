/** Repositories: narrow interfaces over Prisma, one per aggregate. */
import type { Db, RunBlobStore } from "../db/database";
import { challengeRepository, type ChallengeRepository } from "./challenges";
import { ltiRepository, type LtiRepository } from "./lti";
import { participantRepository, type ParticipantRepository } from "./participants";
import { postCheckRepository, type PostCheckRepository } from "./post-checks";
import { predictionRepository, type PredictionRepository } from "./predictions";
import { runRepository, type RunRepository } from "./runs";
import { sessionRepository, type SessionRepository } from "./sessions";
import { sweepRepository, type SweepRepository } from "./sweeps";

export interface Repositories {
  sessions: SessionRepository;
  challenges: ChallengeRepository;
  participants: ParticipantRepository;
  runs: RunRepository;
  predictions: PredictionRepository;
  postChecks: PostCheckRepository;
  sweeps: SweepRepository;
  lti: LtiRepository;
}

/** `blobs`: the driver's own insert and read of a run's blobs (Database.blobs). */
export function createRepositories(db: Db, blobs: RunBlobStore): Repositories {
  return {
    sessions: sessionRepository(db),
    challenges: challengeRepository(db),
    participants: participantRepository(db),
    runs: runRepository(db, blobs),
    predictions: predictionRepository(db),
    postChecks: postCheckRepository(db),
    sweeps: sweepRepository(db),
    lti: ltiRepository(db),
  };
}
