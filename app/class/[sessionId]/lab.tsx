"use client";
/** The lab for one challenge: configure, train in the worker, watch the gradient flow, submit. */
import { useEffect, useMemo, useState } from "react";
import { checkConstraints, startingConfig } from "../../../lib/challenges/constraints";
import type { ChallengeSpec } from "../../../lib/challenges/spec";
import {
  configFromSearchParams,
  configToSearchParams,
  DEFAULT_CONFIG,
  parseConfig,
  type NetworkConfig,
} from "../../../lib/nn/config";
import { describeFlow } from "../../../lib/nn/summary";
import type { ChallengeView, RunView } from "../../../lib/protocol/views";
import { request, RequestError } from "../../_client/socket";
import { AccuracyChart, FlowProfile, GradientHeatmap, LossChart } from "./charts";
import { ConfigForm } from "./config-form";
import { NetworkDiagram } from "./diagram";
import { Predictions } from "./predictions";
import { IDEA_LINKS, PRESETS } from "./presets";
import { useTraining } from "./use-training";

export function Lab({ challenge, runs }: { challenge: ChallengeView; runs: RunView[] }) {
  // The student's view of the spec lacks only the teacher's note.
  const spec = useMemo(
    () => ({ ...challenge.spec, teacherNote: "" }) as ChallengeSpec,
    [challenge.spec],
  );
  // A config in the URL (a shared or forked run) wins over the challenge's starting point.
  const [config, setConfig] = useState<NetworkConfig>(() => {
    const start = startingConfig(spec, DEFAULT_CONFIG);
    if (typeof window === "undefined") return start;
    const fromUrl = configFromSearchParams(new URLSearchParams(window.location.search), start);
    return fromUrl.ok ? fromUrl.config : start;
  });
  useEffect(() => {
    window.history.replaceState(null, "", `?${configToSearchParams(config).toString()}`);
  }, [config]);
  const applyPreset = (name: string) => {
    const preset = PRESETS.find((p) => p.name === name);
    if (preset) setConfig((c) => ({ ...c, ...preset.config, ...spec.locked }));
  };
  const { state, start, pause, resume, reset } = useTraining();
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submittedId, setSubmittedId] = useState<string | null>(null);

  const problems = useMemo(() => {
    const parsed = parseConfig(config);
    if (!parsed.ok) return parsed.issues.map((i) => `${i.field}: ${i.message}`);
    return checkConstraints(spec, parsed.config).map((v) => `${v.field}: ${v.message}`);
  }, [config, spec]);

  const open = challenge.status === "open";
  const training = state.phase === "training" || state.phase === "paused";
  const submitted = runs.find((r) => r.id === submittedId);

  async function submit() {
    if (!state.result) return;
    setSubmitError(null);
    try {
      const run = await request("run:submit", {
        clientRunId: crypto.randomUUID(),
        challengeId: challenge.id,
        config,
        backend: state.backend ?? "cpu",
        weights: state.result.weights,
        claimed: {
          accuracy: state.result.trainAccuracy,
          loss: state.result.trainLoss,
          steps: state.result.steps,
          diverged: state.result.status === "diverged",
          divergedAtStep: state.result.divergedAtStep,
        },
        telemetry: downsample(state.frames).map((f) => ({
          step: f.step,
          loss: finite(f.loss),
          accuracy: finite(f.accuracy),
          layers: f.layers.map((l) => ({
            weightGradNorm: finite(l.weightGradNorm),
            activationGradNorm: finite(l.activationGradNorm),
            activationMean: finite(l.activationMean),
            activationStd: finite(l.activationStd),
            saturated: finite(l.saturated),
            dead: finite(l.dead),
            updateRatio: finite(l.updateRatio),
          })),
        })),
      });
      setSubmittedId(run.id);
    } catch (e) {
      setSubmitError(
        e instanceof RequestError ? e.error.message : "The class server did not answer.",
      );
    }
  }

  return (
    <section className="lab" aria-label={`Lab: ${challenge.title}`}>
      <p className="prompt">{challenge.spec.prompt}</p>
      <label className="preset">
        Start from a preset
        <select value="" onChange={(e) => applyPreset(e.target.value)} disabled={training}>
          <option value="">Choose…</option>
          {PRESETS.map((p) => (
            <option key={p.name}>{p.name}</option>
          ))}
        </select>
      </label>
      <ConfigForm spec={challenge.spec} config={config} onChange={setConfig} disabled={training} />
      <NetworkDiagram config={config} />
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
          onClick={() => start(config)}
          disabled={training || problems.length > 0}
        >
          Train
        </button>
        <button
          type="button"
          className="secondary"
          onClick={state.phase === "paused" ? resume : pause}
          disabled={!training}
        >
          {state.phase === "paused" ? "Resume" : "Pause"}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={reset}
          disabled={state.phase === "idle"}
        >
          Reset
        </button>
        <span className="backend">Backend: {state.backend ?? "—"}</span>
      </div>
      <label className="progress">
        Step {state.step} of {config.steps}
        <progress value={state.step} max={config.steps} />
      </label>
      <div role="status" aria-live="polite" className="status">
        {state.phase === "finished" && state.result && (
          <>
            Training{" "}
            {state.result.status === "diverged"
              ? `diverged at step ${state.result.divergedAtStep}`
              : "finished"}
            : train accuracy {(100 * state.result.trainAccuracy).toFixed(1)}%
          </>
        )}
        {state.phase === "failed" && <>Training failed: {state.error}</>}
      </div>
      <div className="charts">
        <LossChart losses={state.losses} />
        <AccuracyChart frames={state.frames} />
        <GradientHeatmap frames={state.frames} />
        <Predictions view={state.prediction} />
      </div>
      <FlowVerdict frame={state.frames.at(-1)} />
      <FlowProfile frame={state.frames.at(-1)} />
      <div className="controls">
        <button
          type="button"
          onClick={submit}
          disabled={!open || state.phase !== "finished" || submittedId !== null}
        >
          Submit run
        </button>
        {!open && <span>This challenge is {challenge.status}.</span>}
      </div>
      {submitError && (
        <p className="error" role="alert">
          {submitError}
        </p>
      )}
      {submitted && (
        <p role="status" className="verified">
          {submitted.status === "pending" && "Submitted: the server is verifying your run…"}
          {submitted.status === "verified" && verifiedLine(submitted)}
          {submitted.status === "unverifiable" &&
            `The server could not verify this run: ${submitted.failure}`}
        </p>
      )}
    </section>
  );
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** At most 200 frames, evenly spaced, always keeping the last. */
function downsample<T>(frames: T[], max = 200): T[] {
  if (frames.length <= max) return frames;
  const stride = frames.length / max;
  const out = Array.from({ length: max - 1 }, (_, i) => frames[Math.floor(i * stride)]!);
  return [...out, frames.at(-1)!];
}

function FlowVerdict({
  frame,
}: {
  frame: { step: number; layers: Parameters<typeof describeFlow>[0] } | undefined;
}) {
  if (!frame || frame.layers.length === 0) return null;
  const d = describeFlow(frame.layers);
  const idea = IDEA_LINKS[d.idea];
  return (
    <p className={`flow-verdict verdict-${d.verdict}`} role="status">
      At step {frame.step}, <strong>{d.verdict}</strong>: {d.text}{" "}
      <a href={idea.href} target="_blank" rel="noreferrer">
        The idea: {idea.label}
      </a>
    </p>
  );
}

/** What the server found, in one sentence (and what a step-ranked run was ranked on). */
function verifiedLine(run: RunView): string {
  const pct = (x: number | null) => `${(100 * (x ?? 0)).toFixed(1)}%`;
  const parts = [
    `Verified: ${pct(run.verifiedAccuracy)} on the hidden test set (gradient flow at init: ${run.verdict})`,
  ];
  if (run.reproducedAccuracy !== null)
    parts.push(
      `the server's own re-run of your config from its seed reached ${pct(run.reproducedAccuracy)} in ${run.config.steps} steps`,
    );
  if (run.mismatch)
    parts.push(
      run.reproducedAccuracy !== null
        ? "your claim or your weights did not match what the server measured or re-ran"
        : "your claimed accuracy did not match the weights",
    );
  return `${parts.join("; ")}.`;
}
