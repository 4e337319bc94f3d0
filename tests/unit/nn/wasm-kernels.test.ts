/**
 * The WASM backend's slicing kernels (lib/nn/wasm-kernels.ts) give what the CPU backend gives:
 * contiguous slices, splits and unstacks copied straight from the heap, everything else through
 * tfjs's own kernels.
 */
import { afterAll, describe, expect, it } from "vitest";
import * as tf from "../../../lib/nn/tf";
import { selectBackend } from "../../../server/engine/backend";

const values = Float32Array.from({ length: 3 * 4 * 5 }, (_, i) => i * 0.5 - 7);

/** Each case on one backend, read back as plain arrays. */
async function cases(backend: "cpu" | "wasm") {
  await selectBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor3d(values, [3, 4, 5]);
    const flat = tf.tensor1d(values);
    const read = (t: tf.Tensor) => ({ shape: t.shape, values: Array.from(t.dataSync()) });
    return {
      backend: tf.getBackend(),
      contiguous: read(x.slice([1, 0, 0], [2, -1, -1])),
      rows: read(x.slice([0, 1, 0], [1, 2, -1])),
      strided: read(x.slice([0, 1, 2], [3, 2, 3])),
      split: tf.split(flat, [7, 20, 33]).map(read),
      splitInner: tf.split(x, [2, 3], 2).map(read),
      unstack: tf.unstack(x).map(read),
      unstackInner: tf.unstack(x, 1).map(read),
      ints: read(tf.tensor1d([1, 2, 3, 4, 5], "int32").slice(1, 3)),
      bools: read(tf.tensor1d([1, 0, 1, 1], "bool").slice(2, 2)),
    };
  });
}

afterAll(async () => {
  await selectBackend("cpu");
});

describe("WASM slicing kernels", () => {
  it("match the CPU backend on contiguous and strided slices, splits and unstacks", async () => {
    const cpu = await cases("cpu");
    const wasm = await cases("wasm");
    expect(wasm.backend).toBe("wasm");
    expect({ ...wasm, backend: "cpu" }).toEqual(cpu);
  });

  it("keep a slice's values when the source is disposed and the heap grows", async () => {
    await selectBackend("wasm");
    const source = tf.tensor1d(values);
    const piece = source.slice(10, 5);
    source.dispose();
    const big = tf.zeros([4_000_000]);
    expect(Array.from(await piece.data())).toEqual(Array.from(values.subarray(10, 15)));
    tf.dispose([piece, big]);
  });
});
