/**
 * zod schemas of every payload crossing the socket, in both directions. Types are inferred from them,
 * so the runtime checks and the types cannot disagree.
 */
import { LOCALES } from "../i18n/locales";
import { z } from "zod";
import { assignmentSettingsSchema } from "../challenges/assignment";
import { predictionInputSchema } from "../challenges/prediction";
import { challengeSpecSchema } from "../challenges/spec";
import { CHALLENGE_ACTIONS } from "../challenges/status";
import { networkConfigSchema } from "../nn/config";
import { MAX_WEIGHTS_BYTES_PER_RUN } from "../nn/weights";
import { idSchema, line, text } from "./text";

/** Bumped on any incompatible change; checked at the handshake. */
export const PROTOCOL_VERSION = 1;

/** Largest socket message the server accepts (a run with its weights). */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
export { MAX_WEIGHTS_BYTES_PER_RUN };
/** Telemetry is down-sampled to at most this many frames per run. */
export const MAX_TELEMETRY_FRAMES = 200;

export const MAX_NICKNAME_LENGTH = 24;

const id = idSchema;
export const joinCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-HJ-NP-Z2-9]{6}$/, "a join code is 6 letters and digits");

/** A browser's own random id, kept in its localStorage: what removal and join limits hold to. */
export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

export const handshakeSchema = z
  .object({ protocolVersion: z.number().int(), deviceId: deviceIdSchema.optional() })
  .strip();

/** Nicknames: trimmed, inner spaces collapsed, printable letters, digits, spaces and a few marks. */
export const nicknameSchema = text()
  .transform((s) => s.normalize("NFC").trim().replace(/\s+/g, " "))
  .pipe(
    z
      .string()
      .min(1, "a nickname is required")
      .max(MAX_NICKNAME_LENGTH, `at most ${MAX_NICKNAME_LENGTH} characters`)
      .regex(/^[\p{L}\p{N} ._'-]+$/u, "letters, digits, spaces and . _ ' - only"),
  );

const finiteOrNull = z.number().nullable();

export const layerTelemetrySchema = z
  .object({
    weightGradNorm: finiteOrNull,
    activationGradNorm: finiteOrNull,
    activationMean: finiteOrNull,
    activationStd: finiteOrNull,
    saturated: finiteOrNull,
    dead: finiteOrNull,
    updateRatio: finiteOrNull,
  })
  .strict();

export const telemetryFrameSchema = z
  .object({
    step: z.number().int().min(1),
    loss: finiteOrNull,
    accuracy: finiteOrNull,
    layers: z.array(layerTelemetrySchema).max(50),
  })
  .strict();

export const claimedMetricsSchema = z
  .object({
    accuracy: z.number().min(0).max(1),
    loss: finiteOrNull,
    steps: z.number().int().min(0),
    diverged: z.boolean(),
    divergedAtStep: z.number().int().min(1).nullable(),
  })
  .strict();

export const BACKENDS = ["webgpu", "webgl", "wasm", "cpu"] as const;

export const runSubmissionSchema = z
  .object({
    /** Client-generated; a resend with the same id never makes a second run. */
    clientRunId: z.uuid(),
    challengeId: id,
    config: networkConfigSchema,
    backend: z.enum(BACKENDS),
    weights: z.instanceof(Uint8Array).refine((w) => w.byteLength <= MAX_WEIGHTS_BYTES_PER_RUN, {
      message: `weights over ${MAX_WEIGHTS_BYTES_PER_RUN} bytes`,
    }),
    claimed: claimedMetricsSchema,
    telemetry: z.array(telemetryFrameSchema).max(MAX_TELEMETRY_FRAMES),
  })
  .strict();

export const challengeActionSchema = z.enum(CHALLENGE_ACTIONS);

export const payloads = {
  /** A live session, or with `assignment` a self-paced one between its opening and due date. */
  "session:create": z
    .object({
      title: line().trim().min(1).max(120),
      assignment: assignmentSettingsSchema.optional(),
      /** Copies this session's posted challenges into the new one (homework after a class). */
      fromSessionId: id.optional(),
    })
    .strict(),
  "session:list": z.object({}).strict(),
  "session:close": z.object({ sessionId: id }).strict(),
  "session:watch": z.object({ sessionId: id }).strict(),
  "session:configure": z
    .object({
      sessionId: id,
      joinLocked: z.boolean().optional(),
      hideNames: z.boolean().optional(),
      lobby: z.boolean().optional(),
      /** The class's language for students whose browser asks for none the app speaks. */
      locale: z.enum(LOCALES).optional(),
      /** An assignment's dates and policies, all together (an extension moves the due date). */
      assignment: assignmentSettingsSchema.optional(),
    })
    .strict()
    .refine(
      (p) =>
        p.joinLocked !== undefined ||
        p.hideNames !== undefined ||
        p.lobby !== undefined ||
        p.locale !== undefined ||
        p.assignment !== undefined,
      { message: "change joinLocked, hideNames, lobby, locale or the assignment's dates" },
    ),
  "challenge:post": z.union([
    z.object({ sessionId: id, templateKey: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(),
    z
      .object({
        sessionId: id,
        title: line().trim().min(1).max(120),
        spec: challengeSpecSchema,
      })
      .strict(),
  ]),
  "challenge:transition": z.object({ challengeId: id, action: challengeActionSchema }).strict(),
  /** Shows the measured profiles over the class's predictions on the projector. */
  "challenge:reveal": z.object({ challengeId: id }).strict(),
  "participant:remove": z.object({ participantId: id }).strict(),
  /** Lets a student waiting in the lobby into the class. */
  "participant:admit": z.object({ participantId: id }).strict(),
  "session:peek": z.object({ joinCode: joinCodeSchema }).strict(),
  "participant:join": z.object({ joinCode: joinCodeSchema, nickname: nicknameSchema }).strict(),
  "participant:rejoin": z
    .object({ rejoinToken: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/, "not a rejoin token") })
    .strict(),
  "run:submit": runSubmissionSchema,
  /** Saves the student's prediction; `lock`: training starts now, so it can no longer change. */
  "prediction:save": predictionInputSchema
    .extend({ challengeId: id, lock: z.boolean().optional() })
    .strict(),
  /** The student's post-check for the challenge's transfer network: locked and scored at once. */
  "postcheck:save": predictionInputSchema
    .pick({ curve: true, verdict: true })
    .extend({ challengeId: id })
    .strict(),
  /** The student's slot of a sweep: the one they hold, or a free one now (null: none free). */
  "sweep:claim": z.object({ challengeId: id }).strict(),
  "run:list": z.object({ challengeId: id }).strict(),
  "run:telemetry": z.object({ runId: id }).strict(),
  /** The top of the board and the asker's entry; `full`: every entry. */
  "leaderboard:get": z.object({ challengeId: id, full: z.boolean().optional() }).strict(),
} as const;

export type EventName = keyof typeof payloads;
/** A payload as the server has it after parsing (defaults applied). */
export type Payload<E extends EventName> = z.infer<(typeof payloads)[E]>;
/** A payload as a client sends it (defaults may be left out). */
export type PayloadInput<E extends EventName> = z.input<(typeof payloads)[E]>;
export type RunSubmission = z.infer<typeof runSubmissionSchema>;
export type ClaimedMetrics = z.infer<typeof claimedMetricsSchema>;
export type TelemetryFrameView = z.infer<typeof telemetryFrameSchema>;
