/**
 * Telemetry on the wire: the one form a run's telemetry takes between the lab, the server and the
 * review. `toWire` down-samples to MAX_TELEMETRY_FRAMES and turns non-finite numbers into null (JSON
 * has no NaN or Infinity); `fromWire` gives the engine's frames back, null as NaN. Stored, the wire
 * frames are UTF-8 JSON bytes (`encodeStored` / `decodeStored`), one opaque value to the database.
 */
import type { LayerStats } from "../nn/telemetry";
import type { TelemetryFrame } from "../nn/trainer";
import { z } from "zod";
import { MAX_TELEMETRY_FRAMES, telemetryFrameSchema, type TelemetryFrameView } from "./schemas";

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const number = (x: number | null) => x ?? Number.NaN;

/** At most `max` frames, evenly spaced, always keeping the last. */
export function downsample<T>(frames: readonly T[], max = MAX_TELEMETRY_FRAMES): T[] {
  if (frames.length <= max) return [...frames];
  const stride = frames.length / max;
  const out = Array.from({ length: max - 1 }, (_, i) => frames[Math.floor(i * stride)]!);
  return [...out, frames.at(-1)!];
}

export function toWire(frames: readonly TelemetryFrame[]): TelemetryFrameView[] {
  return downsample(frames).map((f) => ({
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
  }));
}

export function fromWire(frames: readonly TelemetryFrameView[]): TelemetryFrame[] {
  return frames.map((f) => ({
    step: f.step,
    loss: number(f.loss),
    accuracy: number(f.accuracy),
    layers: f.layers.map((l, i): LayerStats => ({
      layer: i + 1,
      weightGradNorm: number(l.weightGradNorm),
      activationGradNorm: number(l.activationGradNorm),
      activationMean: number(l.activationMean),
      activationStd: number(l.activationStd),
      // Not carried on the wire.
      preActivationMean: Number.NaN,
      preActivationStd: Number.NaN,
      saturated: number(l.saturated),
      dead: number(l.dead),
      updateRatio: number(l.updateRatio),
    })),
  }));
}

/** Wire frames as stored: UTF-8 JSON. */
export const encodeStored = (frames: readonly TelemetryFrameView[]): Uint8Array<ArrayBuffer> =>
  new TextEncoder().encode(JSON.stringify(frames));

const storedSchema = z.array(telemetryFrameSchema);

/** Stored frames back, checked against the wire schema (none stored: no frames). */
export function decodeStored(bytes: Uint8Array | null): TelemetryFrameView[] {
  if (bytes === null || bytes.byteLength === 0) return [];
  return storedSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
}
