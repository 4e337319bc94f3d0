/**
 * A compact, bit-exact binary form of a network's weights, for submissions and storage.
 *
 * Layout (little-endian): magic "VPW1"; uint32 inputDim, classes, depth, width, batchNorm (0 off,
 * 1 before, 2 after), paramCount, statsCount; then paramCount float32 trainable values and, with
 * batch norm, statsCount moving means and statsCount moving variances.
 */
import { BATCH_NORM_PLACEMENTS, MAX_DEPTH, MAX_WIDTH } from "./config";
import { networkLayout, type NetworkLayout } from "./layout";
import type { NetworkWeights } from "./network";

const MAGIC = "VPW1";
const HEADER_BYTES = 4 + 7 * 4;
export const MAX_INPUT_DIM = 1024;
export const MAX_CLASSES = 100;

/** The largest network the config schema allows, plus the header: about 52 MB. */
export const MAX_WEIGHTS_BYTES =
  HEADER_BYTES +
  4 *
    (MAX_INPUT_DIM * MAX_WIDTH +
      (MAX_DEPTH - 1) * MAX_WIDTH * MAX_WIDTH +
      MAX_WIDTH * MAX_CLASSES +
      MAX_CLASSES) +
  4 * 4 * MAX_DEPTH * MAX_WIDTH;

/**
 * Largest weights blob a submission may carry: what the class server takes (its socket messages
 * are at most 8 MiB with the telemetry), and so what the lab lets a student train
 * (lib/challenges/constraints.ts). About 1.6 million parameters: a 20 x 280 network; 20 x 512 takes 19 MiB.
 */
export const MAX_WEIGHTS_BYTES_PER_RUN = 6 * 1024 * 1024;

export class WeightsFormatError extends Error {
  override name = "WeightsFormatError";
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new WeightsFormatError("weights are stored little-endian; this host is big-endian");
  }
}

export function weightsByteLength(layout: NetworkLayout): number {
  const stats = layout.batchNorm === "off" ? 0 : layout.depth * layout.width;
  return HEADER_BYTES + 4 * (layout.size + 2 * stats);
}

export function encodeWeights(weights: NetworkWeights): Uint8Array<ArrayBuffer> {
  assertLittleEndian();
  const { layout } = weights;
  const stats = layout.batchNorm === "off" ? 0 : layout.depth * layout.width;
  if (weights.params.length !== layout.size)
    throw new WeightsFormatError("params do not match the layout");
  const out = new Uint8Array(weightsByteLength(layout));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  const header = [
    layout.inputDim,
    layout.classes,
    layout.depth,
    layout.width,
    BATCH_NORM_PLACEMENTS.indexOf(layout.batchNorm),
    layout.size,
    stats,
  ];
  header.forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  let offset = HEADER_BYTES;
  const put = (values: Float32Array) => {
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    offset += values.byteLength;
  };
  put(weights.params);
  if (stats > 0) {
    if (weights.movingMean?.length !== stats || weights.movingVariance?.length !== stats) {
      throw new WeightsFormatError("moving statistics do not match the layout");
    }
    put(weights.movingMean);
    put(weights.movingVariance);
  }
  return out;
}

/**
 * Decodes weights, checking the size bound before anything else and every header field against the
 * schema's limits; with `expected`, the architecture must match it exactly.
 */
export function decodeWeights(
  bytes: Uint8Array,
  options: { maxBytes?: number; expected?: NetworkLayout } = {},
): NetworkWeights {
  assertLittleEndian();
  const maxBytes = Math.min(options.maxBytes ?? MAX_WEIGHTS_BYTES, MAX_WEIGHTS_BYTES);
  if (bytes.byteLength > maxBytes) {
    throw new WeightsFormatError(
      `weights are ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit`,
    );
  }
  if (bytes.byteLength < HEADER_BYTES) throw new WeightsFormatError("weights are truncated");
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC)
    throw new WeightsFormatError("not a weights file");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [inputDim, classes, depth, width, bnCode, size, stats] = Array.from({ length: 7 }, (_, i) =>
    view.getUint32(4 + 4 * i, true),
  ) as [number, number, number, number, number, number, number];
  const batchNorm = BATCH_NORM_PLACEMENTS[bnCode];
  if (
    batchNorm === undefined ||
    inputDim < 1 ||
    inputDim > MAX_INPUT_DIM ||
    classes < 2 ||
    classes > MAX_CLASSES ||
    depth < 1 ||
    depth > MAX_DEPTH ||
    width < 2 ||
    width > MAX_WIDTH
  ) {
    throw new WeightsFormatError("weights header is out of range");
  }
  const layout = networkLayout({ depth, width, batchNorm }, { inputDim, classes });
  const expectedStats = batchNorm === "off" ? 0 : depth * width;
  if (
    size !== layout.size ||
    stats !== expectedStats ||
    bytes.byteLength !== weightsByteLength(layout)
  ) {
    throw new WeightsFormatError("weights length does not match their header");
  }
  const e = options.expected;
  if (
    e &&
    (e.inputDim !== inputDim ||
      e.classes !== classes ||
      e.depth !== depth ||
      e.width !== width ||
      e.batchNorm !== batchNorm)
  ) {
    throw new WeightsFormatError("weights do not match the network config");
  }
  // Copy into fresh aligned buffers: the input may sit at any offset, or be a Node Buffer whose
  // slice() is a view into a shared pool.
  const floats = (start: number, count: number) => {
    const copy = new Uint8Array(4 * count);
    copy.set(bytes.subarray(start, start + 4 * count));
    return new Float32Array(copy.buffer);
  };
  const params = floats(HEADER_BYTES, size);
  const statsStart = HEADER_BYTES + 4 * size;
  return {
    layout,
    params,
    movingMean: stats > 0 ? floats(statsStart, stats) : null,
    movingVariance: stats > 0 ? floats(statsStart + 4 * stats, stats) : null,
  };
}

function allFinite(values: Float32Array | null): boolean {
  if (!values) return true;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}

/**
 * Weights a network can compute with: every parameter and moving statistic a finite number, every
 * moving variance non-negative. NaN or infinite weights classify nothing (their outputs are NaN).
 */
export function assertUsableWeights(weights: NetworkWeights): void {
  if (
    !allFinite(weights.params) ||
    !allFinite(weights.movingMean) ||
    !allFinite(weights.movingVariance)
  )
    throw new WeightsFormatError("weights hold NaN or infinite values");
  if (weights.movingVariance?.some((v) => v < 0))
    throw new WeightsFormatError("a moving variance is negative");
}
