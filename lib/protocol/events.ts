/**
 * The Socket.IO event maps, typed once for client and server. Client events carry a payload checked
 * by `payloads[event]` and an acknowledgement `{ data } | { error }`.
 */
import type { Ack } from "./errors";
import type { PayloadInput, TelemetryFrameView } from "./schemas";
import type {
  ChallengeView,
  BoardRankView,
  BoardRun,
  BoardUpdateView,
  LeaderboardView,
  ParticipantView,
  PredictionView,
  PostCheckView,
  RefusedJoinView,
  RunAlert,
  RunView,
  SessionView,
  StudentState,
  SweepSlotChange,
  SweepSlotView,
  TeacherState,
} from "./views";

/** The data each client event acknowledges with. */
export interface AckData {
  "session:create": SessionView;
  "session:list": SessionView[];
  "session:close": SessionView;
  "session:watch": TeacherState;
  "session:configure": SessionView;
  "challenge:post": ChallengeView;
  "challenge:transition": ChallengeView;
  "challenge:reveal": ChallengeView;
  "participant:remove": ParticipantView;
  "participant:admit": ParticipantView;
  /** What a join code leads to, before joining: the class's title (wrong codes count as for a join). */
  "session:peek": { title: string; joinLocked: boolean };
  "participant:join": StudentState & { rejoinToken: string };
  "participant:rejoin": StudentState;
  "run:submit": RunView;
  "run:list": RunView[];
  /** A run's down-sampled telemetry: for the session's teacher, or the student who ran it. */
  "run:telemetry": TelemetryFrameView[];
  "leaderboard:get": LeaderboardView;
  "prediction:save": PredictionView;
  "postcheck:save": PostCheckView;
  "sweep:claim": SweepSlotView | null;
}

export type ClientEvent = keyof AckData;

export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: PayloadInput<E>, ack: (result: Ack<AckData[E]>) => void) => void;
};

/** Between the server's nodes (through the cluster adapter). */
export interface InterServerEvents {
  /** A board changed on one node: every node streams it to its own sockets. */
  "board:invalidate": (challengeId: string) => void;
  /** A run ranked on one node: every node's board takes it in place. */
  "board:run": (run: BoardRun) => void;
}

export interface ServerToClientEvents {
  "session:updated": (session: SessionView) => void;
  "challenge:updated": (challenge: ChallengeView) => void;
  /** The top of a board and its size, after each change. */
  "leaderboard:update": (update: BoardUpdateView) => void;
  /** To a student whose own place on a board changed. */
  "leaderboard:rank": (rank: BoardRankView) => void;
  /** To the submitting student (and the teacher) when a run leaves "pending". */
  "run:settled": (run: RunView) => void;
  /** Teacher only. */
  "run:submitted": (run: RunView) => void;
  "roster:updated": (participant: ParticipantView) => void;
  "alert:raised": (alert: RunAlert) => void;
  /** To the student and the teacher when a prediction is saved, locked or scored. */
  "prediction:updated": (prediction: PredictionView) => void;
  /** To the student and the teacher when a post-check is made (locked and scored at once). */
  "postcheck:updated": (postCheck: PostCheckView) => void;
  /** To a student handed a sweep slot they did not ask for just then (a freed one, or their next). */
  "sweep:assigned": (assigned: { challengeId: string; slot: SweepSlotView | null }) => void;
  /** Teacher only: a sweep slot was held, filled or given back. */
  "sweep:slot": (change: SweepSlotChange) => void;
  /** To a student the teacher removed. */
  "participant:removed": () => void;
  /** To a student waiting in the lobby: the teacher let them in (rejoin for the class). */
  "participant:admitted": () => void;
  /** Teacher only: a removed device tried to join again. */
  "participant:refused": (refused: RefusedJoinView) => void;
}
