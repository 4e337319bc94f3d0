/**
 * The Socket.IO event maps, typed once for client and server. Client events carry a payload checked
 * by `payloads[event]` and an acknowledgement `{ data } | { error }`.
 */
import type { Ack } from "./errors";
import type { PayloadInput, TelemetryFrameView } from "./schemas";
import type {
  ChallengeView,
  LeaderboardDeltaView,
  LeaderboardView,
  ParticipantView,
  RunAlert,
  RunView,
  SessionView,
  StudentState,
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
  "participant:remove": ParticipantView;
  "participant:join": StudentState & { rejoinToken: string };
  "participant:rejoin": StudentState;
  "run:submit": RunView;
  "run:list": RunView[];
  /** A run's down-sampled telemetry: for the session's teacher, or the student who ran it. */
  "run:telemetry": TelemetryFrameView[];
  "leaderboard:get": LeaderboardView;
}

export type ClientEvent = keyof AckData;

export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: PayloadInput<E>, ack: (result: Ack<AckData[E]>) => void) => void;
};

export interface ServerToClientEvents {
  "session:updated": (session: SessionView) => void;
  "challenge:updated": (challenge: ChallengeView) => void;
  "leaderboard:delta": (delta: LeaderboardDeltaView) => void;
  /** To the submitting student (and the teacher) when a run leaves "pending". */
  "run:settled": (run: RunView) => void;
  /** Teacher only. */
  "run:submitted": (run: RunView) => void;
  "roster:updated": (participant: ParticipantView) => void;
  "alert:raised": (alert: RunAlert) => void;
  /** To a student the teacher removed. */
  "participant:removed": () => void;
}
