"use client";
/**
 * A student's runs of one challenge: the ones trained in this page and the ones the server holds
 * (after a refresh, only those), numbered in the order they were made. Any two or more can be laid
 * over each other (loss, accuracy and the per-layer gradient profile: BN off against on is the
 * lesson), and any can be forked back into the form.
 */
import { useEffect, useMemo, useState } from "react";
import type { NetworkConfig } from "../../../lib/nn/config";
import { INPUT_LAYER_CAPTION } from "../../../lib/nn/summary";
import type { TelemetryFrame } from "../../../lib/nn/trainer";
import { fromWire } from "../../../lib/protocol/telemetry";
import type { RunView } from "../../../lib/protocol/views";
import { request } from "../../_client/socket";
import { Chart } from "./charts";
import type { LocalRun } from "./use-training";

/** One row: a run trained here, submitted, or both (joined by the client run id). */
export interface RunItem {
  key: string;
  number: number;
  config: NetworkConfig;
  local: LocalRun | null;
  server: RunView | null;
}

export function runItems(local: LocalRun[], server: RunView[]): RunItem[] {
  const byId = new Map<string, { at: number; local: LocalRun | null; server: RunView | null }>();
  for (const r of server)
    byId.set(r.clientRunId, { at: Date.parse(r.submittedAt), local: null, server: r });
  for (const r of local) {
    const known = byId.get(r.runId);
    byId.set(r.runId, { at: r.startedAt, local: r, server: known?.server ?? null });
  }
  return [...byId.entries()]
    .sort((a, b) => a[1].at - b[1].at)
    .map(([key, v], i) => ({
      key,
      number: i + 1,
      config: v.local?.config ?? v.server!.config,
      local: v.local,
      server: v.server,
    }));
}

/** A config in one line, in the words of the form. */
export function describeConfig(c: NetworkConfig): string {
  const sigma = c.init === "normal" || c.init === "uniform" ? ` sigma ${c.sigma}` : "";
  return `${c.depth} x ${c.width} ${c.activation}, ${c.init}${sigma}, batch norm ${c.batchNorm}, ${c.optimizer} lr ${c.learningRate}, ${c.steps} steps`;
}

function statusOf(item: RunItem): string {
  const s = item.server;
  if (!s) {
    if (!item.local?.result) return "training…";
    return item.local.result.status === "diverged"
      ? `diverged at step ${item.local.result.divergedAtStep} · not submitted`
      : `train accuracy ${(100 * item.local.result.trainAccuracy).toFixed(1)}% · not submitted`;
  }
  if (s.status === "pending") return "Submitted: verifying…";
  if (s.status === "unverifiable") return `Could not be verified: ${s.failure}`;
  return `Verified ${(100 * (s.verifiedAccuracy ?? 0)).toFixed(1)}%${s.mismatch ? " (did not match its claim)" : ""}`;
}

export function RunsPanel(props: {
  items: RunItem[];
  compared: Set<string>;
  onCompare: (key: string, on: boolean) => void;
  onFork: (config: NetworkConfig) => void;
  onSubmit: (item: RunItem) => void;
  canSubmit: (item: RunItem) => boolean;
  disabled: boolean;
}) {
  if (props.items.length === 0) return null;
  return (
    <section className="card runs-panel" aria-label="Your runs">
      <h2>Your runs</h2>
      <ul className="runs">
        {[...props.items].reverse().map((item) => (
          <li key={item.key}>
            <div className="run-line">
              <strong>Run {item.number}</strong> <span>{describeConfig(item.config)}</span>
              <span className="muted">{statusOf(item)}</span>
            </div>
            <div className="run-actions">
              <label className="inline">
                <input
                  type="checkbox"
                  checked={props.compared.has(item.key)}
                  onChange={(e) => props.onCompare(item.key, e.target.checked)}
                  disabled={!item.server && !item.local?.frames.length}
                />{" "}
                <span aria-hidden="true">Compare</span>
                <span className="sr-only">Compare run {item.number}</span>
              </label>
              <button
                type="button"
                className="secondary small"
                onClick={() => props.onFork(item.config)}
                disabled={props.disabled}
                aria-label={`Fork run ${item.number} into the form`}
              >
                Fork
              </button>
              {!item.server && item.local?.result && (
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => props.onSubmit(item)}
                  disabled={!props.canSubmit(item)}
                  aria-label={`Submit run ${item.number}`}
                >
                  Submit
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Telemetry of the compared runs: this page's frames, or the server's copy of a submitted run. */
function useFrames(items: RunItem[]): Map<string, TelemetryFrame[]> {
  const [fetched, setFetched] = useState<Map<string, TelemetryFrame[]>>(new Map());
  const missing = items.filter((i) => !i.local?.frames.length && i.server && !fetched.has(i.key));
  useEffect(() => {
    for (const item of missing)
      void request("run:telemetry", { runId: item.server!.id }).then(
        (frames) => setFetched((m) => new Map(m).set(item.key, fromWire(frames))),
        () => setFetched((m) => new Map(m).set(item.key, [])),
      );
    // Fetch each missing run once; `missing` is derived from the keys below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [missing.map((i) => i.key).join(",")]);
  return useMemo(() => {
    const out = new Map<string, TelemetryFrame[]>();
    for (const item of items) {
      const frames = item.local?.frames.length ? item.local.frames : fetched.get(item.key);
      if (frames) out.set(item.key, frames);
    }
    return out;
  }, [items, fetched]);
}

export function Comparison({ items }: { items: RunItem[] }) {
  const frames = useFrames(items);
  if (items.length < 2) return null;
  // Legends say "Run N"; the list above them says what each run was.
  const label = (i: RunItem) => `Run ${i.number}`;
  const ready = items.filter((i) => frames.has(i.key));
  const of = (what: string) => `${what} of ${ready.length} runs`;
  const series = (pick: (f: TelemetryFrame) => number) =>
    ready.map((i) => ({
      label: label(i),
      xs: frames.get(i.key)!.map((f) => f.step),
      ys: frames.get(i.key)!.map(pick),
    }));
  const profiles = ready.map((i) => {
    const last = frames.get(i.key)!.at(-1);
    const layers = last?.layers ?? [];
    return {
      label: label(i),
      xs: layers.map((l) => l.layer),
      ys: layers.map((l) => l.weightGradNorm),
    };
  });
  return (
    <section className="card comparison" aria-label="Comparison">
      <h2>Comparison</h2>
      <ul className="compared">
        {items.map((i) => (
          <li key={i.key}>
            <strong>{label(i)}</strong>: {describeConfig(i.config)}
          </li>
        ))}
      </ul>
      {ready.length < items.length && <p role="status">Fetching the runs&apos; curves…</p>}
      <div className="charts">
        <Chart
          series={series((f) => f.loss)}
          xLabel="step"
          yLabel="loss"
          caption="Mini-batch loss at each telemetry step"
          description={of("Loss")}
          empty="No curves yet."
        />
        <Chart
          series={series((f) => 100 * f.accuracy)}
          xLabel="step"
          yLabel="accuracy (%)"
          caption="Train accuracy"
          description={of("Accuracy")}
          empty="No curves yet."
        />
        <Chart
          series={profiles}
          xLabel="layer"
          yLabel="||dL/dW||"
          caption={`Weight-gradient norm per layer (layer 1 left) at the end of each run, log scale. ${INPUT_LAYER_CAPTION}`}
          description={of("Gradient profile")}
          logY
          empty="No gradient profile yet."
        />
      </div>
    </section>
  );
}
