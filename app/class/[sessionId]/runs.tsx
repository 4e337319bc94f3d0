"use client";
/**
 * A student's runs of one challenge: the ones trained in this page and the ones the server holds
 * (after a refresh, only those), numbered in the order they were made. Any two or more can be laid
 * over each other (loss, accuracy and the per-layer gradient profile: BN off against on is the
 * lesson), and any can be forked back into the form.
 */
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState } from "react";
import { failureCode } from "../../../lib/challenges/run-text";
import type { NetworkConfig } from "../../../lib/nn/config";
import type { TelemetryFrame } from "../../../lib/nn/trainer";
import { fromWire } from "../../../lib/protocol/telemetry";
import type { RunView } from "../../../lib/protocol/views";
import { useFormat } from "../../_client/format";
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
export function useDescribeConfig(): (c: NetworkConfig) => string {
  const t = useTranslations("runs");
  const fmt = useFormat();
  return useCallback(
    (c: NetworkConfig) => {
      // Every digit counts: a learning rate of 0.0001 must not read "0".
      const exact = (x: number) => fmt.number(x, { maximumFractionDigits: 10 });
      const words = {
        depth: c.depth,
        width: c.width,
        activation: c.activation,
        init: c.init,
        sigma: exact(c.sigma),
        batchNorm: c.batchNorm,
        optimizer: c.optimizer,
        learningRate: exact(c.learningRate),
        steps: c.steps,
      };
      return c.init === "normal" || c.init === "uniform"
        ? t("configSigma", words)
        : t("config", words);
    },
    [t, fmt],
  );
}

/** Where a run stands: training, trained here, or what the server made of it. */
function useStatusOf(): (item: RunItem) => string {
  const t = useTranslations("runs");
  return (item) => {
    const s = item.server;
    if (!s) {
      if (!item.local?.result) return t("training");
      return item.local.result.status === "diverged"
        ? t("divergedLocal", { step: item.local.result.divergedAtStep ?? 0 })
        : t("accuracyLocal", { accuracy: item.local.result.trainAccuracy });
    }
    if (s.status === "pending") return t("pending");
    if (s.status === "unverifiable")
      return t("unverifiable", { reason: t(`failures.${failureCode(s.failure)}`) });
    const accuracy = s.verifiedAccuracy ?? 0;
    return s.mismatch ? t("verifiedMismatch", { accuracy }) : t("verified", { accuracy });
  };
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
  const t = useTranslations("runs");
  const describeConfig = useDescribeConfig();
  const statusOf = useStatusOf();
  if (props.items.length === 0) return null;
  return (
    <section className="card runs-panel" aria-label={t("yourRuns")}>
      <h2>{t("yourRuns")}</h2>
      <ul className="runs">
        {[...props.items].reverse().map((item) => (
          <li key={item.key}>
            <div className="run-line">
              <strong>{t("run", { run: item.number })}</strong>{" "}
              <span>{describeConfig(item.config)}</span>
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
                <span aria-hidden="true">{t("compare")}</span>
                <span className="sr-only">{t("compareRun", { run: item.number })}</span>
              </label>
              <button
                type="button"
                className="secondary small"
                onClick={() => props.onFork(item.config)}
                disabled={props.disabled}
                aria-label={t("forkRun", { run: item.number })}
              >
                {t("fork")}
              </button>
              {!item.server && item.local?.result && (
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => props.onSubmit(item)}
                  disabled={!props.canSubmit(item)}
                  aria-label={t("submitRun", { run: item.number })}
                >
                  {t("submit")}
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
  const t = useTranslations("runs");
  const describeConfig = useDescribeConfig();
  const frames = useFrames(items);
  if (items.length < 2) return null;
  // Legends say "Run N"; the list above them says what each run was.
  const label = (i: RunItem) => t("run", { run: i.number });
  const ready = items.filter((i) => frames.has(i.key));
  const count = ready.length;
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
    <section className="card comparison" aria-label={t("comparison")}>
      <h2>{t("comparison")}</h2>
      <ul className="compared">
        {items.map((i) => (
          <li key={i.key}>
            <strong>{label(i)}</strong>: {describeConfig(i.config)}
          </li>
        ))}
      </ul>
      {ready.length < items.length && <p role="status">{t("fetching")}</p>}
      <div className="charts">
        <Chart
          series={series((f) => f.loss)}
          xLabel={t("axes.step")}
          yLabel={t("axes.loss")}
          caption={t("lossCaption")}
          description={t("lossOf", { count })}
          empty={t("noCurves")}
        />
        <Chart
          series={series((f) => 100 * f.accuracy)}
          xLabel={t("axes.step")}
          yLabel={t("axes.accuracy")}
          caption={t("accuracyCaption")}
          description={t("accuracyOf", { count })}
          empty={t("noCurves")}
        />
        <Chart
          series={profiles}
          xLabel={t("axes.layer")}
          yLabel="||dL/dW||"
          caption={t("profileCaption")}
          description={t("profileOf", { count })}
          logY
          empty={t("noProfile")}
        />
      </div>
    </section>
  );
}
