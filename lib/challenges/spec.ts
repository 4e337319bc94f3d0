/**
 * What a challenge asks and allows: the dataset, the knobs it locks or limits, the objective it
 * ranks by, and its limits. Stored as JSON with the challenge and always parsed with this schema.
 */
import { z } from "zod";
import {
  ACTIVATIONS,
  BATCH_NORM_PLACEMENTS,
  DATASET_KEYS,
  INITIALIZERS,
  MAX_BATCH_SIZE,
  MAX_DEPTH,
  MAX_STEPS,
  MAX_WIDTH,
  OPTIMIZERS,
  networkConfigSchema,
} from "../nn/config";
import { text } from "../protocol/text";
import { EXPECTABLE_FAILURES } from "./alerts";
import { sweepSpecSchema } from "./sweep";
import { postCheckSpecSchema } from "./transfer";

/** What a challenge may allow each student, at most: runs, and time once it opens. */
export const MAX_SUBMISSIONS_PER_STUDENT = 100;
export const MIN_TIME_LIMIT_SEC = 30;
export const MAX_TIME_LIMIT_SEC = 4 * 3600;

const range = (max: number) =>
  z
    .object({ min: z.number().int().min(1).max(max), max: z.number().int().min(1).max(max) })
    .strict()
    .refine((r) => r.min <= r.max, { message: "min must not exceed max" });

export const objectiveSchema = z.discriminatedUnion("kind", [
  /** Accuracy of the submitted weights on the hidden test split; higher is better. */
  z.object({ kind: z.literal("accuracy") }).strict(),
  /** Fewest training steps whose weights reach `target` accuracy on the hidden test split. */
  z.object({ kind: z.literal("steps-to-target"), target: z.number().min(0.05).max(1) }).strict(),
  /** Gradient flow closest to level at initialization (the server's probe from the seed). */
  z.object({ kind: z.literal("gradient-health") }).strict(),
]);

export type Objective = z.infer<typeof objectiveSchema>;

export const challengeSpecSchema = z
  .object({
    dataset: z.enum(DATASET_KEYS),
    /** Config fields fixed by the challenge: the student's value must equal these. */
    locked: networkConfigSchema.partial().omit({ dataset: true }).default({}),
    /** Allowed values of the choice knobs (absent: any). */
    allowed: z
      .object({
        activation: z.array(z.enum(ACTIVATIONS)).min(1).optional(),
        init: z.array(z.enum(INITIALIZERS)).min(1).optional(),
        batchNorm: z.array(z.enum(BATCH_NORM_PLACEMENTS)).min(1).optional(),
        optimizer: z.array(z.enum(OPTIMIZERS)).min(1).optional(),
      })
      .strict()
      .default({}),
    /** Ranges of the size knobs (absent: the engine's own limits). */
    ranges: z
      .object({
        depth: range(MAX_DEPTH).optional(),
        width: range(MAX_WIDTH).optional(),
        batchSize: range(MAX_BATCH_SIZE).optional(),
        steps: range(MAX_STEPS).optional(),
      })
      .strict()
      .default({}),
    objective: objectiveSchema,
    limits: z
      .object({
        maxSubmissions: z.number().int().min(1).max(MAX_SUBMISSIONS_PER_STUDENT).default(10),
        timeLimitSec: z
          .number()
          .int()
          .min(MIN_TIME_LIMIT_SEC)
          .max(MAX_TIME_LIMIT_SEC)
          .nullable()
          .default(null),
      })
      .strict()
      .default({ maxSubmissions: 10, timeLimitSec: null }),
    /** Failures that are this challenge's lesson: they raise no teacher alert (./alerts.ts). */
    expectedFailures: z
      .array(z.enum(EXPECTABLE_FAILURES))
      .max(EXPECTABLE_FAILURES.length)
      .default([]),
    /** Ask each student for a prediction (sketch, verdict, accuracy) before their first training. */
    predict: z.boolean().default(false),
    /**
     * After their own run, each student predicts again for a network they have not trained (a
     * transfer item): the challenge's learning evidence (./gain.ts). Needs `predict`.
     */
    postCheck: postCheckSpecSchema.nullable().default(null),
    /** The class as one experiment: each student runs one cell and seed of this grid at a time. */
    sweep: sweepSpecSchema.nullable().default(null),
    /** What the student reads. */
    prompt: text().trim().min(1).max(2000),
    /** What the teacher reads: the result behind it and what to discuss. */
    teacherNote: text().trim().max(4000).default(""),
  })
  .strict()
  .superRefine((spec, ctx) => {
    // A swept knob is set by the student's cell: the challenge must let every value of it through.
    for (const axis of spec.sweep?.axes ?? []) {
      const issue = (message: string) =>
        ctx.addIssue({ code: "custom", path: ["sweep", "axes"], message });
      if (spec.locked[axis.knob] !== undefined)
        issue(`${axis.knob} is swept, so it cannot be locked`);
      const allowed = (spec.allowed as Record<string, readonly unknown[] | undefined>)[axis.knob];
      const range = (spec.ranges as Record<string, { min: number; max: number } | undefined>)[
        axis.knob
      ];
      for (const value of axis.values as readonly (string | number)[]) {
        if (allowed && !allowed.includes(value)) issue(`${axis.knob} ${value} is not allowed`);
        if (range && typeof value === "number" && (value < range.min || value > range.max))
          issue(`${axis.knob} ${value} is outside its range`);
      }
    }
    if (spec.postCheck && !spec.predict)
      ctx.addIssue({
        code: "custom",
        path: ["postCheck"],
        message: "a post-check follows a prediction: set predict too",
      });
    if (spec.sweep && spec.locked.seed !== undefined)
      ctx.addIssue({ code: "custom", path: ["locked", "seed"], message: "a sweep sets the seed" });
  });

export type ChallengeSpec = z.infer<typeof challengeSpecSchema>;
export type ChallengeSpecInput = z.input<typeof challengeSpecSchema>;
