"use client";
/** Writing a challenge by hand: dataset, objective, locked knobs, ranges, limits and the prompt. */
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import {
  challengeSpecSchema,
  MAX_SUBMISSIONS_PER_STUDENT,
  MAX_TIME_LIMIT_SEC,
  type ChallengeSpecInput,
} from "../../../../lib/challenges/spec";
import {
  MAX_SWEEP_SEEDS,
  SWEEP_KNOBS,
  SWEEP_METRICS,
  type SweepKnob,
} from "../../../../lib/challenges/sweep";
import { TRANSFER_KEYS, type TransferKey } from "../../../../lib/challenges/transfer";
import {
  ACTIVATIONS,
  BATCH_NORM_PLACEMENTS,
  DATASET_KEYS,
  INITIALIZERS,
  MAX_DEPTH,
  MAX_STEPS,
} from "../../../../lib/nn/config";
import { useTransferTitle } from "../../../_client/challenge-text";
import { useErrorText } from "../../../_client/error-text";
import { request } from "../../../_client/socket";
import { CUSTOM_FIELDS, fieldErrors, type CustomField } from "./custom-errors";

export function CustomChallengeForm({
  sessionId,
  onPosted,
}: {
  sessionId: string;
  onPosted: (id: string) => void;
}) {
  const t = useTranslations("customChallenge");
  const tk = useTranslations("sweepPlot");
  const transferTitle = useTransferTitle();
  const errorText = useErrorText();
  const [title, setTitle] = useState("");
  const [dataset, setDataset] = useState<(typeof DATASET_KEYS)[number]>("spiral");
  const [objective, setObjective] = useState<"accuracy" | "steps-to-target" | "gradient-health">(
    "accuracy",
  );
  const [target, setTarget] = useState(0.9);
  const [activation, setActivation] = useState("");
  const [init, setInit] = useState("");
  const [batchNorm, setBatchNorm] = useState("");
  const [depth, setDepth] = useState({ min: 1, max: 20 });
  const [maxSteps, setMaxSteps] = useState(2000);
  const [maxSubmissions, setMaxSubmissions] = useState(10);
  const [minutes, setMinutes] = useState(0);
  const [prompt, setPrompt] = useState("");
  const [predict, setPredict] = useState(false);
  /** The post-check's transfer network ("": none). */
  const [postCheck, setPostCheck] = useState<TransferKey | "">("");
  /** Runs near chance with vanishing gradients are the lesson: no alerts for them. */
  const [failureIsLesson, setFailureIsLesson] = useState(false);
  const [sweep, setSweep] = useState<SweepDraft>(NO_SWEEP);
  const knobId = useId();
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<CustomField, string>>>({});
  /** A field's mistake, announced and tied to its input. */
  const invalid = (field: CustomField) =>
    errors[field]
      ? { "aria-invalid": true as const, "aria-describedby": `${knobId}-${field}-error` }
      : {};
  const shown = (field: CustomField) =>
    errors[field] ? (
      <span id={`${knobId}-${field}-error`} className="field-error" role="alert">
        {errors[field]}
      </span>
    ) : null;
  /** Each field's mistake: the attributes for its input, and the message they point to. */
  const field = Object.fromEntries(
    CUSTOM_FIELDS.map((f) => [f, { invalid: invalid(f), shown: shown(f) }]),
  ) as Record<
    CustomField,
    { invalid: ReturnType<typeof invalid>; shown: ReturnType<typeof shown> }
  >;
  /** Empty again for the next challenge once one is posted. */
  const reset = () => {
    setTitle("");
    setDataset("spiral");
    setObjective("accuracy");
    setTarget(0.9);
    setActivation("");
    setInit("");
    setBatchNorm("");
    setDepth({ min: 1, max: 20 });
    setMaxSteps(2000);
    setMaxSubmissions(10);
    setMinutes(0);
    setPrompt("");
    setPredict(false);
    setFailureIsLesson(false);
    setSweep(NO_SWEEP);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const axes = sweepAxes(sweep);
    const swept = new Set(axes.map((a) => a.knob));
    const spec: ChallengeSpecInput = {
      dataset,
      predict,
      postCheck: predict && postCheck ? { transfer: postCheck } : null,
      expectedFailures: failureIsLesson ? ["stalled", "vanishing"] : [],
      sweep: axes.length
        ? {
            axes: axes as NonNullable<ChallengeSpecInput["sweep"]>["axes"],
            seeds: sweep.seeds,
            metric: sweep.metric,
            reference: sweep.reference ? "yang-bn" : null,
          }
        : null,
      locked: {
        ...(activation ? { activation: activation as (typeof ACTIVATIONS)[number] } : {}),
        ...(init ? { init: init as (typeof INITIALIZERS)[number] } : {}),
        ...(batchNorm ? { batchNorm: batchNorm as (typeof BATCH_NORM_PLACEMENTS)[number] } : {}),
      },
      // A swept depth is set by each student's cell, not bounded.
      ranges: { ...(swept.has("depth") ? {} : { depth }), steps: { min: 1, max: maxSteps } },
      objective:
        objective === "steps-to-target" ? { kind: objective, target } : { kind: objective },
      limits: { maxSubmissions, timeLimitSec: minutes > 0 ? minutes * 60 : null },
      prompt,
    };
    // The same schema the server parses with: mistakes show here, named by field.
    const parsed = challengeSpecSchema.safeParse(spec);
    if (!parsed.success) {
      const found = fieldErrors(parsed.error.issues, (m) => t(`mistakes.${m.code}`, m.values));
      setErrors(found);
      setError(found.form ?? t("fixFields"));
      return;
    }
    setErrors({});
    try {
      const challenge = await request("challenge:post", { sessionId, title, spec });
      setError(null);
      reset();
      onPosted(challenge.id);
    } catch (e) {
      setError(errorText.request(e));
    }
  }

  const choice = (
    label: string,
    value: string,
    set: (v: string) => void,
    options: readonly string[],
    /** An option's words, where they are not a technical name. */
    words: (option: string) => string = (o) => o,
  ) => (
    <label>
      {label}
      <select value={value} onChange={(e) => set(e.target.value)}>
        <option value="">{t("studentChooses")}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {words(o)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <details className="custom">
      <summary>{t("summary")}</summary>
      <form onSubmit={submit} className="stack">
        <label>
          {t("title")}
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={120}
          />
        </label>
        <label>
          {t("dataset")}
          <select value={dataset} onChange={(e) => setDataset(e.target.value as typeof dataset)}>
            {DATASET_KEYS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          {t("objective")}
          <select
            value={objective}
            onChange={(e) => setObjective(e.target.value as typeof objective)}
          >
            <option value="accuracy">{t("objectives.accuracy")}</option>
            <option value="steps-to-target">{t("objectives.stepsToTarget")}</option>
            <option value="gradient-health">{t("objectives.gradientHealth")}</option>
          </select>
        </label>
        {objective === "steps-to-target" && (
          <label>
            {t("targetAccuracy")}
            <input
              type="number"
              min={0.05}
              max={1}
              step={0.01}
              value={target}
              onChange={(e) => setTarget(e.target.valueAsNumber)}
              {...field.target.invalid}
            />
            {field.target.shown}
          </label>
        )}
        {choice(t("activation"), activation, setActivation, ACTIVATIONS)}
        {choice(t("initializer"), init, setInit, INITIALIZERS)}
        {choice(t("batchNorm"), batchNorm, setBatchNorm, BATCH_NORM_PLACEMENTS, (o) =>
          t(`batchNormPlacements.${o as (typeof BATCH_NORM_PLACEMENTS)[number]}`),
        )}
        <label>
          {t("fewestLayers")}
          <input
            type="number"
            min={1}
            max={MAX_DEPTH}
            value={depth.min}
            onChange={(e) => setDepth({ ...depth, min: e.target.valueAsNumber })}
            {...field.depth.invalid}
          />
        </label>
        <label>
          {t("mostLayers")}
          <input
            type="number"
            min={1}
            max={MAX_DEPTH}
            value={depth.max}
            onChange={(e) => setDepth({ ...depth, max: e.target.valueAsNumber })}
            {...field.depth.invalid}
          />
          {field.depth.shown}
        </label>
        <label>
          {t("mostSteps")}
          <input
            type="number"
            min={1}
            max={MAX_STEPS}
            value={maxSteps}
            onChange={(e) => setMaxSteps(e.target.valueAsNumber)}
            {...field.steps.invalid}
          />
          {field.steps.shown}
        </label>
        <label>
          {t("submissions")}
          <input
            type="number"
            min={1}
            max={MAX_SUBMISSIONS_PER_STUDENT}
            value={maxSubmissions}
            onChange={(e) => setMaxSubmissions(e.target.valueAsNumber)}
            {...field.submissions.invalid}
          />
          {field.submissions.shown}
        </label>
        <label>
          {t("timeLimit")}
          <input
            type="number"
            min={0}
            max={MAX_TIME_LIMIT_SEC / 60}
            value={minutes}
            onChange={(e) => setMinutes(e.target.valueAsNumber)}
            {...field.minutes.invalid}
          />
          {field.minutes.shown}
        </label>
        <label className="check">
          <input type="checkbox" checked={predict} onChange={(e) => setPredict(e.target.checked)} />
          {t("predict")}
        </label>
        {predict && (
          <label>
            {t("postCheck")}
            <select
              value={postCheck}
              onChange={(e) => setPostCheck(e.target.value as TransferKey | "")}
            >
              <option value="">{t("noPostCheck")}</option>
              {TRANSFER_KEYS.map((key) => (
                <option key={key} value={key}>
                  {transferTitle(key)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={failureIsLesson}
            onChange={(e) => setFailureIsLesson(e.target.checked)}
          />
          {t("failureIsLesson")}
        </label>
        <fieldset className="stack">
          <legend>{t("sweepLegend")}</legend>
          {([0, 1] as const).map((i) => (
            <div key={i} className="sweep-axis">
              {/* Labelled apart from the select: a wrapping label would take in the option
                  names (an "activation" option would label this as an activation field). */}
              <div className="field">
                <span id={`${knobId}-${i}`} className="field-label">
                  {i === 0 ? t("knobX") : t("knobSeries")}
                </span>
                <select
                  aria-labelledby={`${knobId}-${i}`}
                  value={sweep.knobs[i]}
                  onChange={(e) =>
                    setSweep({ ...sweep, knobs: replace(sweep.knobs, i, e.target.value) })
                  }
                >
                  <option value="">{t("noKnob")}</option>
                  {SWEEP_KNOBS.map((k) => (
                    <option key={k} value={k}>
                      {tk(`knobs.${k}`)}
                    </option>
                  ))}
                </select>
              </div>
              <label>
                {t("values")}
                <input
                  value={sweep.values[i]}
                  // Examples of what the parser takes: numbers, or the knobs' own identifiers.
                  placeholder={
                    i === 0 ? "2, 7, 12, 17, 22" : BATCH_NORM_PLACEMENTS.slice(0, 2).join(", ")
                  }
                  onChange={(e) =>
                    setSweep({ ...sweep, values: replace(sweep.values, i, e.target.value) })
                  }
                />
              </label>
            </div>
          ))}
          <label>
            {t("seeds")}
            <input
              type="number"
              min={1}
              max={MAX_SWEEP_SEEDS}
              value={sweep.seeds}
              onChange={(e) => setSweep({ ...sweep, seeds: e.target.valueAsNumber })}
            />
          </label>
          <label>
            {t("metric")}
            <select
              value={sweep.metric}
              onChange={(e) =>
                setSweep({ ...sweep, metric: e.target.value as SweepDraft["metric"] })
              }
            >
              {SWEEP_METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`metrics.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={sweep.reference}
              onChange={(e) => setSweep({ ...sweep, reference: e.target.checked })}
            />
            {t("reference")}
          </label>
          {field.sweep.shown}
        </fieldset>
        <label>
          {t("prompt")}
          <textarea
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            required
            maxLength={2000}
            rows={3}
            {...field.prompt.invalid}
          />
          {field.prompt.shown}
        </label>
        <button type="submit">{t("submit")}</button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </details>
  );
}

interface SweepDraft {
  knobs: [string, string];
  values: [string, string];
  seeds: number;
  metric: (typeof SWEEP_METRICS)[number];
  reference: boolean;
}

const NO_SWEEP: SweepDraft = {
  knobs: ["", ""],
  values: ["", ""],
  seeds: 3,
  metric: "accuracy",
  reference: false,
};

const replace = (pair: [string, string], i: 0 | 1, value: string): [string, string] =>
  i === 0 ? [value, pair[1]] : [pair[0], value];

/** The draft's knobs with their values (numbers for the sizes); the schema checks the rest. */
function sweepAxes(draft: SweepDraft): { knob: SweepKnob; values: (string | number)[] }[] {
  return ([0, 1] as const)
    .filter((i) => draft.knobs[i] !== "")
    .map((i) => {
      const knob = draft.knobs[i] as SweepKnob;
      const raw = draft.values[i]
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      return { knob, values: knob === "depth" || knob === "width" ? raw.map(Number) : raw };
    });
}
