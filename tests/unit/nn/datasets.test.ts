import { describe, expect, it } from "vitest";
import { DATASET_KEYS } from "../../../lib/nn/config";
import { DATASETS, loadTrainSplit } from "../../../lib/nn/datasets/index";
import { loadTestSplit } from "../../../lib/nn/datasets/test-split";

function classCounts(y: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of y) counts[label]!++;
  return counts;
}

describe("datasets", () => {
  it.each(DATASET_KEYS)(
    "%s has the documented shape, finite features and every class",
    async (key) => {
      const info = DATASETS[key];
      const train = await loadTrainSplit(key, 1);
      const test = await loadTestSplit(key, 2);
      for (const [split, count] of [
        [train, info.trainCount],
        [test, info.testCount],
      ] as const) {
        expect(split.count).toBe(count);
        expect(split.inputDim).toBe(info.inputDim);
        expect(split.classes).toBe(info.classes);
        expect(split.x).toHaveLength(count * info.inputDim);
        expect(split.x.every(Number.isFinite)).toBe(true);
        const counts = classCounts(split.y, info.classes);
        // Toy sets are exactly balanced; MNIST's first images are within a factor 1.5 of each other.
        expect(Math.max(...counts) / Math.min(...counts)).toBeLessThan(1.5);
      }
    },
  );

  it.each(["spiral", "circles", "xor", "blobs"] as const)(
    "%s is a pure function of its seed",
    async (key) => {
      const a = await loadTrainSplit(key, 5);
      const b = await loadTrainSplit(key, 5);
      const c = await loadTrainSplit(key, 6);
      expect(b.x).toEqual(a.x);
      expect(c.x).not.toEqual(a.x);
      // The test split comes from its own (server-held) seed, not from the train seed.
      const test = await loadTestSplit(key, 5);
      expect(test.x).not.toEqual(a.x);
    },
  );

  it("decodes the digits with pixels in [0, 1] and labels 0-9", async () => {
    const train = await loadTrainSplit("digits", 0);
    expect(Math.min(...train.x.subarray(0, 196 * 50))).toBe(0);
    expect(Math.max(...train.x.subarray(0, 196 * 50))).toBeLessThanOrEqual(1);
    expect(new Set(train.y)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    // MNIST's first training label is a 5, its first test label a 7.
    expect(train.y[0]).toBe(5);
    expect((await loadTestSplit("digits", 0)).y[0]).toBe(7);
  });
});
