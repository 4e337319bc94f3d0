import { describe, expect, it } from "vitest";
import { networkLayout } from "../../../lib/nn/layout";
import { initialWeights, type NetworkWeights } from "../../../lib/nn/network";
import {
  decodeWeights,
  encodeWeights,
  MAX_WEIGHTS_BYTES,
  weightsByteLength,
  WeightsFormatError,
} from "../../../lib/nn/weights";
import { config } from "./helpers";

const shape = { inputDim: 2, classes: 3 };

function sample(batchNorm: "off" | "before" | "after"): NetworkWeights {
  const w = initialWeights(config({ depth: 3, width: 8, batchNorm }), shape);
  // Awkward floats: subnormals, negative zero, extremes.
  w.params[0] = 1e-45;
  w.params[1] = -0;
  w.params[2] = 3.4028234663852886e38;
  if (w.movingMean) w.movingMean[0] = -1.5e-7;
  return w;
}

describe("weights serialisation", () => {
  it.each(["off", "before", "after"] as const)(
    "round-trips bit-exactly (batch norm %s)",
    (batchNorm) => {
      const w = sample(batchNorm);
      const bytes = encodeWeights(w);
      expect(bytes.byteLength).toBe(weightsByteLength(w.layout));
      const back = decodeWeights(bytes, { expected: w.layout });
      expect(new Uint8Array(back.params.buffer)).toEqual(new Uint8Array(w.params.buffer));
      expect(Object.is(back.params[1], -0)).toBe(true);
      expect(back.movingMean).toEqual(w.movingMean);
      expect(back.movingVariance).toEqual(w.movingVariance);
      expect(back.layout).toEqual(w.layout);
    },
  );

  it("is compact: four bytes per number plus a 32-byte header", () => {
    const w = sample("off");
    expect(encodeWeights(w).byteLength).toBe(32 + 4 * w.params.length);
  });

  it("decodes from an unaligned offset inside a larger buffer", () => {
    const bytes = encodeWeights(sample("before"));
    const padded = new Uint8Array(bytes.byteLength + 3);
    padded.set(bytes, 3);
    expect(decodeWeights(padded.subarray(3)).params).toEqual(sample("before").params);
  });

  it("decodes a Node Buffer taken from a shared pool (what a socket delivers)", () => {
    const bytes = encodeWeights(sample("after"));
    const pooled = Buffer.concat([Buffer.from("xyz"), Buffer.from(bytes)]).subarray(3);
    expect(decodeWeights(pooled).params).toEqual(sample("after").params);
  });

  it("checks the size bound before reading anything", () => {
    const huge = new Uint8Array(1000);
    expect(() => decodeWeights(huge, { maxBytes: 999 })).toThrow(/limit/);
    expect(MAX_WEIGHTS_BYTES).toBeLessThan(64 * 1024 * 1024);
  });

  it.each<[string, (b: Uint8Array) => Uint8Array]>([
    ["truncated", (b) => b.subarray(0, b.byteLength - 4)],
    ["too short for a header", (b) => b.subarray(0, 10)],
    ["padded", (b) => new Uint8Array([...b, 0, 0, 0, 0])],
    [
      "bad magic",
      (b) => {
        const c = b.slice();
        c[0] = 0x58;
        return c;
      },
    ],
    [
      "depth 0",
      (b) => {
        const c = b.slice();
        new DataView(c.buffer).setUint32(12, 0, true);
        return c;
      },
    ],
    [
      "depth 9999",
      (b) => {
        const c = b.slice();
        new DataView(c.buffer).setUint32(12, 9999, true);
        return c;
      },
    ],
    [
      "unknown batch norm",
      (b) => {
        const c = b.slice();
        new DataView(c.buffer).setUint32(20, 7, true);
        return c;
      },
    ],
    [
      "lying param count",
      (b) => {
        const c = b.slice();
        new DataView(c.buffer).setUint32(24, 5, true);
        return c;
      },
    ],
  ])("rejects %s input with a WeightsFormatError", (_name, mutate) => {
    expect(() => decodeWeights(mutate(encodeWeights(sample("before"))))).toThrow(
      WeightsFormatError,
    );
  });

  it("rejects weights of another architecture than the expected one", () => {
    const bytes = encodeWeights(sample("off"));
    const other = networkLayout({ depth: 3, width: 8, batchNorm: "before" }, shape);
    expect(() => decodeWeights(bytes, { expected: other })).toThrow(/config/);
  });
});
