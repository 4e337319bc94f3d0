"use client";
/**
 * The lab for one challenge: configure, train in the worker, watch the gradient flow, submit as
 * often as the challenge allows, keep every run, compare runs and fork one back into the form.
 */
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { answerOut, assignmentPhase, timesOf } from "../../../lib/challenges/assignment";
import {
  checkConstraints,
  configProblems,
  withLocks,
  type ConfigProblem,
} from "../../../lib/challenges/constraints";
import { parseConfig, type NetworkConfig } from "../../../lib/nn/config";
import { toWire } from "../../../lib/protocol/telemetry";
import { resample, sketchPoints } from "../../../lib/challenges/prediction";
import { slotCount, type SweepKnob } from "../../../lib/challenges/sweep";
import type {
  ChallengeView,
  PredictionView,
  PostCheckView,
  RunView,
  SessionView,
  SweepSlotView,
} from "../../../lib/protocol/views";
import { useChallengeText } from "../../_client/challenge-text";
import { useErrorText } from "../../_client/error-text";
import { useFormat } from "../../_client/format";
import { request, sendWhenJoined } from "../../_client/socket";
import { AccuracyChart, FlowProfile, GradientHeatmap, LossChart } from "./charts";
import { studentSpec } from "./configs";
import { ConfigForm } from "./config-form";
import { useProblemText } from "./constraint-text";
import { NetworkDiagram } from "./diagram";
import { Predictions } from "./predictions";
import { draftFrom, draftInput, PredictionPanel, type PredictionDraft } from "./prediction-panel";
import { PostCheckPanel } from "./post-check-panel";
import { useSweepSlot, type SweepSlotState } from "./use-sweep-slot";
import { PRESETS } from "./presets";
import { Comparison, RunsPanel, runItems, type RunItem } from "./runs";
import type { BackendChoice } from "../../../lib/nn/worker-protocol";
import type { Training } from "./use-training";
import { useVerifiedLine } from "./run-text";
import { BatchStatsGap, FlowVerdict } from "./verdicts";

export function Lab(props: {
  challenge: ChallengeView;
  /** The session: an assignment's dates decide what is taken when. */
  session: SessionView;
  /** The time, ticking: an assignment opens and falls due while the page is open. */
  now: number;
  config: NetworkConfig;
  onConfig: (config: NetworkConfig) => void;
  /** This student's runs of the challenge the server holds. */
  serverRuns: RunView[];
  onSubmitted: (run: RunView) => void;
  training: Training;
  /** The student's prediction for this challenge, as the server has it. */
  prediction: PredictionView | null;
  onPrediction: (prediction: PredictionView) => void;
  /** The student's post-check on this challenge, as the server has it. */
  postCheck: PostCheckView | null;
  onPostCheck: (postCheck: PostCheckView) => void;
  /** Bumped on every rejoin: the sweep slot is claimed again. */
  generation: number;
}) {
  const { challenge, config, onConfig, serverRuns, training, prediction } = props;
  const t = useTranslations("lab");
  const fmt = useFormat();
  const errorText = useErrorText();
  const text = useChallengeText()(challenge);
  const problemText = useProblemText();
  const verifiedLine = useVerifiedLine();
  const slotState = useSweepSlot(challenge, props.generation);
  const slot = slotState.kind === "held" ? slotState.slot : null;
  // A sweep slot fixes its knobs and seed like the challenge's own locks.
  const spec = useMemo(() => {
    const base = studentSpec(challenge);
    return slot ? withLocks(base, slot.config) : base;
  }, [challenge, slot]);
  const formSpec = useMemo(
    () => (slot ? { ...challenge.spec, locked: spec.locked } : challenge.spec),
    [challenge.spec, slot, spec.locked],
  );
  const slotKey = slot ? JSON.stringify(slot.config) : null;
  useEffect(() => {
    if (!slotKey) return;
    const wanted = JSON.parse(slotKey) as Partial<NetworkConfig>;
    if (Object.entries(wanted).some(([k, v]) => config[k as keyof NetworkConfig] !== v))
      onConfig({ ...config, ...wanted });
  }, [slotKey, config, onConfig]);

  const times = timesOf(props.session);
  const phase = assignmentPhase(times, props.now);
  // An assignment takes nothing before its opening, nor late work when the teacher said so.
  const shut =
    phase === "not-open" || (phase === "past-due" && props.session.latePolicy === "refuse");
  const open = challenge.status === "open" && !shut;
  const predicting = challenge.spec.predict === true;
  // The answer is out (revealed, or an assignment's due date passed): no prediction is taken any
  // more (the server refuses it too).
  const answered = answerOut(challenge, times, props.now);
  const predictionOpen = predicting && !answered;
  // The sketch covers layers 2..L, as the measure does (lib/nn/summary.ts).
  const layers = sketchPoints(config.depth);
  const [sketched, setDraft] = useState<PredictionDraft>(() => draftFrom(prediction, layers));
  // A depth changed after sketching keeps the sketch's shape over the new layers.
  const draft =
    sketched.curve.length === layers
      ? sketched
      : { ...sketched, curve: resample(sketched.curve, layers) };
  // Errors are kept as they came, and worded at render: a language switch words them again.
  const [predictionError, setPredictionError] = useState<{ error: unknown } | null>(null);
  const [savingPrediction, setSavingPrediction] = useState(false);
  async function savePrediction(lock: boolean): Promise<boolean> {
    const input = draftInput(draft);
    if (!input) return false;
    setPredictionError(null);
    setSavingPrediction(true);
    try {
      props.onPrediction(
        await request("prediction:save", { challengeId: challenge.id, ...input, lock }),
      );
      return true;
    } catch (e) {
      setPredictionError({ error: e });
      return false;
    } finally {
      setSavingPrediction(false);
    }
  }
  // Training locks the prediction first: what was predicted cannot follow what was seen.
  async function train() {
    // (A challenge no longer open takes no prediction: its students may still practise.)
    if (predictionOpen && open && !prediction?.locked && !(await savePrediction(true))) return;
    training.start(config, challenge.id);
  }
  const needsPrediction = predictionOpen && open && !prediction?.locked && !draft.verdict;
  const needsSlot = challenge.spec.sweep && !slot;
  const { state } = training;
  const [submitError, setSubmitError] = useState<{ error: unknown } | null>(null);
  const [submitting, setSubmitting] = useState<string | null>(null);
  /** A submission waiting for the connection (and the rejoin) to come back. */
  const [waitingToSend, setWaitingToSend] = useState(false);
  const [compared, setCompared] = useState<Set<string>>(new Set());

  // What is training now belongs to this challenge or to another one.
  const mine = state.run?.challengeId === challenge.id;
  const busy = state.phase === "training" || state.phase === "paused";
  const live = mine ? state : null;
  const local = useMemo(
    () => [
      ...training.finished.filter((r) => r.challengeId === challenge.id),
      ...(mine && busy && state.run ? [state.run] : []),
    ],
    [training.finished, challenge.id, mine, busy, state.run],
  );
  const items = useMemo(() => runItems(local, serverRuns), [local, serverRuns]);

  const problems = useMemo((): ConfigProblem[] => {
    const parsed = parseConfig(config);
    if (!parsed.ok) return configProblems(config);
    return checkConstraints(spec, parsed.config);
  }, [config, spec]);

  // While the student chooses, the worker picks its backend and compiles this config's kernels,
  // so Train answers at once.
  const valid = problems.length === 0;
  const configKey = JSON.stringify(config);
  const { warm } = training;
  useEffect(() => {
    if (busy || !valid) return;
    const timer = setTimeout(() => warm(JSON.parse(configKey) as NetworkConfig), 300);
    return () => clearTimeout(timer);
  }, [configKey, busy, valid, warm]);

  const cap = spec.limits.maxSubmissions;
  const used = serverRuns.length;
  const canSubmit = (item: RunItem) =>
    open &&
    !item.server &&
    item.local?.result !== null &&
    item.local?.result !== undefined &&
    used < cap &&
    submitting === null;

  async function submit(item: RunItem) {
    const run = item.local;
    if (!run?.result) return;
    setSubmitError(null);
    setSubmitting(run.runId);
    try {
      // Through a Wi-Fi drop: sent once the student is back on a connection, with the same run
      // id (a resend is the same run), or the student is told plainly to press Submit again.
      const stored = await sendWhenJoined(
        "run:submit",
        {
          clientRunId: run.runId,
          challengeId: challenge.id,
          config: run.config,
          backend: state.backend?.backend ?? "cpu",
          weights: run.result.weights,
          claimed: {
            accuracy: run.result.trainAccuracy,
            loss: run.result.trainLoss,
            steps: run.result.steps,
            diverged: run.result.status === "diverged",
            divergedAtStep: run.result.divergedAtStep,
          },
          telemetry: toWire(run.frames),
        },
        setWaitingToSend,
      );
      props.onSubmitted(stored);
    } catch (e) {
      setSubmitError({ error: e });
    } finally {
      setSubmitting(null);
      setWaitingToSend(false);
    }
  }

  const latest = items.at(-1);
  const latestSubmitted = [...items].reverse().find((i) => i.server);
  const applyPreset = (key: string) => {
    const preset = PRESETS.find((p) => p.key === key);
    if (preset) onConfig({ ...config, ...preset.config, ...spec.locked });
  };
  const frames = live?.run?.frames ?? [];
  const lastFrame = frames.at(-1);

  return (
    <section className="lab" aria-label={t("label", { title: text.title })}>
      <p className="prompt">{text.prompt}</p>
      {challenge.spec.sweep && <SweepCell state={slotState} challenge={challenge} />}
      <div className="lab-setup">
        <div>
          <label className="preset">
            {t("preset")}
            <select value="" onChange={(e) => applyPreset(e.target.value)} disabled={busy}>
              <option value="">{t("choose")}</option>
              {PRESETS.map((p) => (
                <option key={p.key} value={p.key}>
                  {t(`presets.${p.key}`)}
                </option>
              ))}
            </select>
          </label>
          <ConfigForm spec={formSpec} config={config} onChange={onConfig} disabled={busy} />
        </div>
        <NetworkDiagram config={config} />
      </div>
      {predicting && (
        <PredictionPanel
          layers={layers}
          draft={draft}
          onDraft={setDraft}
          saved={prediction}
          onSave={() => void savePrediction(false)}
          saving={savingPrediction}
          error={predictionError && errorText.request(predictionError.error)}
          closed={answered ? (challenge.revealed ? "revealed" : "due") : null}
          scoreAtDue={
            times.kind === "assignment" && times.revealPolicy === "due" && !answered
              ? fmt.when(props.session.dueAt!)
              : null
          }
        />
      )}
      {challenge.spec.postCheck && (
        <PostCheckPanel
          challengeId={challenge.id}
          transfer={challenge.spec.postCheck.transfer}
          prediction={prediction}
          available={
            prediction?.score != null ||
            answered ||
            // Under an assignment's "due" policy the score waits, but the run scored it.
            (prediction?.locked === true && serverRuns.some((r) => r.status === "verified"))
          }
          saved={props.postCheck}
          onMade={props.onPostCheck}
          scoreAtDue={
            times.kind === "assignment" && times.revealPolicy === "due" && !answered
              ? fmt.when(props.session.dueAt!)
              : null
          }
        />
      )}
      {problems.length > 0 && (
        <ul className="error" role="alert">
          {problems
            .map((p) => problemText(p))
            .map((line) => (
              <li key={line}>{line}</li>
            ))}
        </ul>
      )}
      <div className="controls">
        <button
          type="button"
          onClick={() => void train()}
          disabled={
            busy || problems.length > 0 || needsPrediction || !!needsSlot || savingPrediction
          }
        >
          {t("train")}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={state.phase === "paused" ? training.resume : training.pause}
          disabled={!busy || !mine}
        >
          {state.phase === "paused" ? t("resume") : t("pause")}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={training.reset}
          disabled={!busy || !mine}
        >
          {t("reset")}
        </button>
        <BackendLine choice={state.backend} ready={state.ready && !busy} />
      </div>
      {needsPrediction && <p className="hint">{t("needsPrediction")}</p>}
      {busy && !mine && <p role="status">{t("otherTraining")}</p>}
      <label className="progress">
        {t("progress", { step: live?.step ?? 0, steps: live?.run?.config.steps ?? config.steps })}
        <progress value={live?.step ?? 0} max={live?.run?.config.steps ?? config.steps} />
      </label>
      <div role="status" aria-live="polite" className="status">
        {live?.phase === "finished" &&
          live.run?.result &&
          (live.run.result.status === "diverged"
            ? t("diverged", {
                step: live.run.result.divergedAtStep ?? 0,
                accuracy: live.run.result.trainAccuracy,
              })
            : t("finished", { accuracy: live.run.result.trainAccuracy }))}
        {live?.phase === "failed" && t("failed", { error: live.error ?? "" })}
      </div>
      {live?.phase === "finished" && <BatchStatsGap result={live.run?.result ?? null} />}
      <div className="charts">
        <LossChart losses={live?.run?.losses ?? []} />
        <AccuracyChart frames={frames} />
        <GradientHeatmap frames={frames} />
        {live?.prediction && <Predictions view={live.prediction} />}
      </div>
      <FlowVerdict frame={lastFrame} initial={live?.run?.initial} context={live?.run?.config} />
      <FlowProfile frame={lastFrame} />
      <div className="controls submit">
        <button
          type="button"
          onClick={() => latest && void submit(latest)}
          disabled={!latest || !canSubmit(latest)}
        >
          {t("submitRun")}
        </button>
        <span>{t("submissions", { used, cap })}</span>
        {challenge.status !== "open" ? (
          <span>{t(`notOpen.${challenge.status}`)}</span>
        ) : phase === "not-open" ? (
          <span>{t("opens", { when: fmt.when(props.session.opensAt!) })}</span>
        ) : shut ? (
          <span>{t("wasDue", { when: fmt.when(props.session.dueAt!) })}</span>
        ) : phase === "past-due" ? (
          <span className="tag late">{t("late")}</span>
        ) : null}
      </div>
      {waitingToSend && (
        <p className="note" role="status">
          {t("waitingToSend")}
        </p>
      )}
      {submitError && (
        <p className="error" role="alert">
          {errorText.request(submitError.error)}
        </p>
      )}
      {latestSubmitted?.server && (
        <p role="status" className="verified">
          {t("verifiedRun", {
            run: latestSubmitted.number,
            line: verifiedLine(latestSubmitted.server, latestSubmitted.local?.frames),
          })}
        </p>
      )}
      <RunsPanel
        items={items}
        compared={compared}
        onCompare={(key, on) =>
          setCompared((c) => {
            const next = new Set(c);
            if (on) next.add(key);
            else next.delete(key);
            return next;
          })
        }
        onFork={(forked) => onConfig({ ...forked, ...spec.locked, dataset: spec.dataset })}
        onSubmit={(item) => void submit(item)}
        canSubmit={canSubmit}
        disabled={busy}
      />
      <Comparison items={items.filter((i) => compared.has(i.key))} />
    </section>
  );
}

/** Which backend trains, and the measurement that chose it. */
function BackendLine({ choice, ready }: { choice: BackendChoice | null; ready: boolean }) {
  const t = useTranslations("lab");
  const format = useFormatter();
  if (!choice) return <span className="backend">{t("backend.choosing")}</span>;
  const threads = choice.wasmThreads && choice.wasmThreads > 1 ? choice.wasmThreads : null;
  // Steps per second without grouping: "webgpu 1234, wasm 567" keeps its commas for the list.
  // A backend whose measurement did not finish has no speed to show.
  const timed = choice.measured.filter((m) => Number.isFinite(m.stepsPerSecond));
  const measured = format.list(
    timed.map(
      (m) =>
        `${m.backend} ${format.number(m.stepsPerSecond, { maximumFractionDigits: 0, useGrouping: false })}`,
    ),
    { type: "unit" },
  );
  return (
    <span
      className="backend"
      title={timed.length > 0 ? t("backend.measured", { measured }) : undefined}
    >
      {threads
        ? t("backend.threads", { backend: choice.backend, threads })
        : t("backend.name", { backend: choice.backend })}
      {timed.length > 1 && (
        <span className="backend-measured"> {t("backend.fastest", { measured })}</span>
      )}
      {ready && <span className="backend-ready"> {t("backend.ready")}</span>}
    </span>
  );
}

/** Which cell of the class's sweep this student runs now. */
function SweepCell({ state, challenge }: { state: SweepSlotState; challenge: ChallengeView }) {
  const t = useTranslations("lab");
  const tf = useTranslations("configForm");
  const fmt = useFormat();
  const errorText = useErrorText();
  const sweep = challenge.spec.sweep!;
  const value = (knob: SweepKnob, v: unknown) =>
    typeof v === "number"
      ? fmt.number(v)
      : knob === "batchNorm" && (v === "off" || v === "before" || v === "after")
        ? tf(`batchNormChoices.${v}`)
        : String(v);
  const describe = (slot: SweepSlotView) =>
    sweep.axes
      .map((a) =>
        t("sweep.knob", {
          knob: t(`sweep.knobs.${a.knob as SweepKnob}`),
          value: value(a.knob as SweepKnob, slot.config[a.knob]),
        }),
      )
      .concat(t("sweep.seed", { seed: slot.config.seed ?? slot.seed }))
      .join(" · ");
  const held =
    state.kind === "held"
      ? t.rich("sweep.held", {
          cell: describe(state.slot),
          count: slotCount(sweep),
          strong: (c) => <strong>{c}</strong>,
        })
      : null;
  return (
    <section className="card sweep-cell" aria-label={t("sweep.label")} aria-live="polite">
      {held && <p>{held}</p>}
      {state.kind === "claiming" && <p>{t("sweep.claiming")}</p>}
      {state.kind === "waiting" && <p>{t("sweep.waiting")}</p>}
      {state.kind === "failed" && <p className="error">{errorText.request(state.error)}</p>}
    </section>
  );
}
