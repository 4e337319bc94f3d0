"use client";
/**
 * The lab for one challenge: configure, train in the worker, watch the gradient flow, submit as
 * often as the challenge allows, keep every run, compare runs and fork one back into the form.
 */
import { useEffect, useMemo, useState } from "react";
import { answerOut, assignmentPhase, timesOf } from "../../../lib/challenges/assignment";
import { checkConstraints, withLocks } from "../../../lib/challenges/constraints";
import { parseConfig, type NetworkConfig } from "../../../lib/nn/config";
import { toWire } from "../../../lib/protocol/telemetry";
import { resample, sketchPoints } from "../../../lib/challenges/prediction";
import { KNOB_LABELS, slotCount, type SweepKnob } from "../../../lib/challenges/sweep";
import type {
  ChallengeView,
  PredictionView,
  PostCheckView,
  RunView,
  SessionView,
  SweepSlotView,
} from "../../../lib/protocol/views";
import { formatWhen } from "../../_client/format";
import { request, requestMessage, sendWhenJoined } from "../../_client/socket";
import { AccuracyChart, FlowProfile, GradientHeatmap, LossChart } from "./charts";
import { studentSpec } from "./configs";
import { ConfigForm } from "./config-form";
import { NetworkDiagram } from "./diagram";
import { Predictions } from "./predictions";
import { draftFrom, draftInput, PredictionPanel, type PredictionDraft } from "./prediction-panel";
import { PostCheckPanel } from "./post-check-panel";
import { useSweepSlot, type SweepSlotState } from "./use-sweep-slot";
import { PRESETS } from "./presets";
import { Comparison, RunsPanel, runItems, type RunItem } from "./runs";
import type { BackendChoice } from "../../../lib/nn/worker-protocol";
import type { Training } from "./use-training";
import { BatchStatsGap, FlowVerdict, verifiedLine } from "./verdicts";

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
  const [predictionError, setPredictionError] = useState<string | null>(null);
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
      setPredictionError(requestMessage(e));
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
  const [submitError, setSubmitError] = useState<string | null>(null);
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

  const problems = useMemo(() => {
    const parsed = parseConfig(config);
    if (!parsed.ok) return parsed.issues.map((i) => `${i.field}: ${i.message}`);
    return checkConstraints(spec, parsed.config).map((v) => `${v.field}: ${v.message}`);
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
      setSubmitError(requestMessage(e));
    } finally {
      setSubmitting(null);
      setWaitingToSend(false);
    }
  }

  const latest = items.at(-1);
  const latestSubmitted = [...items].reverse().find((i) => i.server);
  const applyPreset = (name: string) => {
    const preset = PRESETS.find((p) => p.name === name);
    if (preset) onConfig({ ...config, ...preset.config, ...spec.locked });
  };
  const frames = live?.run?.frames ?? [];
  const lastFrame = frames.at(-1);

  return (
    <section className="lab" aria-label={`Lab: ${challenge.title}`}>
      <p className="prompt">{challenge.spec.prompt}</p>
      {challenge.spec.sweep && <SweepCell state={slotState} challenge={challenge} />}
      <div className="lab-setup">
        <div>
          <label className="preset">
            Start from a preset
            <select value="" onChange={(e) => applyPreset(e.target.value)} disabled={busy}>
              <option value="">Choose…</option>
              {PRESETS.map((p) => (
                <option key={p.name}>{p.name}</option>
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
          error={predictionError}
          closed={answered ? (challenge.revealed ? "revealed" : "due") : null}
          scoreAtDue={
            times.kind === "assignment" && times.revealPolicy === "due" && !answered
              ? formatWhen(props.session.dueAt!)
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
              ? formatWhen(props.session.dueAt!)
              : null
          }
        />
      )}
      {problems.length > 0 && (
        <ul className="error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
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
          Train
        </button>
        <button
          type="button"
          className="secondary"
          onClick={state.phase === "paused" ? training.resume : training.pause}
          disabled={!busy || !mine}
        >
          {state.phase === "paused" ? "Resume" : "Pause"}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={training.reset}
          disabled={!busy || !mine}
        >
          Reset
        </button>
        <BackendLine choice={state.backend} ready={state.ready && !busy} />
      </div>
      {needsPrediction && <p className="hint">Make your prediction first: Train locks it.</p>}
      {busy && !mine && (
        <p role="status">A run of another challenge is training: its tab shows it.</p>
      )}
      <label className="progress">
        Step {live?.step ?? 0} of {live?.run?.config.steps ?? config.steps}
        <progress value={live?.step ?? 0} max={live?.run?.config.steps ?? config.steps} />
      </label>
      <div role="status" aria-live="polite" className="status">
        {live?.phase === "finished" && live.run?.result && (
          <>
            Training{" "}
            {live.run.result.status === "diverged"
              ? `diverged at step ${live.run.result.divergedAtStep}`
              : "finished"}
            : train accuracy {(100 * live.run.result.trainAccuracy).toFixed(1)}%
          </>
        )}
        {live?.phase === "failed" && <>Training failed: {live.error}</>}
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
          Submit run
        </button>
        <span>
          Submissions: {used} of {cap}
        </span>
        {challenge.status !== "open" ? (
          <span>This challenge is {challenge.status}.</span>
        ) : phase === "not-open" ? (
          <span>The assignment opens {formatWhen(props.session.opensAt!)}.</span>
        ) : shut ? (
          <span>The assignment was due {formatWhen(props.session.dueAt!)}.</span>
        ) : phase === "past-due" ? (
          <span className="tag late">late</span>
        ) : null}
      </div>
      {waitingToSend && (
        <p className="note" role="status">
          Connection lost: your run is kept and will be sent as soon as the connection is back.
        </p>
      )}
      {submitError && (
        <p className="error" role="alert">
          {submitError}
        </p>
      )}
      {latestSubmitted?.server && (
        <p role="status" className="verified">
          Run {latestSubmitted.number}:{" "}
          {verifiedLine(latestSubmitted.server, latestSubmitted.local?.frames)}
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
  if (!choice) return <span className="backend">Backend: choosing…</span>;
  const threads =
    choice.wasmThreads && choice.wasmThreads > 1 ? `, ${choice.wasmThreads} threads` : "";
  const measured = choice.measured
    .map((m) => `${m.backend} ${m.stepsPerSecond.toFixed(0)}`)
    .join(", ");
  return (
    <span
      className="backend"
      title={measured ? `Measured steps per second: ${measured}` : undefined}
    >
      Backend: {choice.backend}
      {threads}
      {choice.measured.length > 1 && (
        <span className="backend-measured"> (fastest here: {measured} steps/s)</span>
      )}
      {ready && <span className="backend-ready"> · ready</span>}
    </span>
  );
}

/** Which cell of the class's sweep this student runs now. */
function SweepCell({ state, challenge }: { state: SweepSlotState; challenge: ChallengeView }) {
  const sweep = challenge.spec.sweep!;
  const describe = (slot: SweepSlotView) =>
    sweep.axes
      .map((a) => `${KNOB_LABELS[a.knob as SweepKnob]} ${String(slot.config[a.knob])}`)
      .concat(`seed ${slot.config.seed}`)
      .join(" · ");
  return (
    <section className="card sweep-cell" aria-label="Your sweep cell" aria-live="polite">
      {state.kind === "held" && (
        <p>
          <strong>Your cell:</strong> {describe(state.slot)}. Train and submit it: it joins the
          class&apos;s figure of {slotCount(sweep)} runs, then you get the next cell.
        </p>
      )}
      {state.kind === "claiming" && <p>Getting your cell of the class&apos;s sweep…</p>}
      {state.kind === "waiting" && (
        <p>Every cell of the sweep is taken: you get the next one that frees up.</p>
      )}
      {state.kind === "failed" && <p className="error">{state.message}</p>}
    </section>
  );
}
