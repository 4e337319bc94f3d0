/**
 * Test splits, for the server's verifier and for local evaluation in tests and the CLI. Browser code
 * must not import this module: the digits test images and the toy test seeds stay on the server.
 */
import type { DatasetKey } from "../config";
import { createRng } from "../random";
import { decodeDigits } from "./digits";
import { TOY_TEST_COUNT } from "./index";
import { generateToy } from "./toy";
import type { Split } from "./types";

/** The test split. Toy splits are drawn from `testSeed`, which a challenge keeps secret. */
export async function loadTestSplit(key: DatasetKey, testSeed: number): Promise<Split> {
  if (key === "digits") {
    const asset = await import("./digits-test.data");
    return decodeDigits(asset.BASE64, asset.COUNT);
  }
  return generateToy(key, TOY_TEST_COUNT, createRng(testSeed, `dataset:${key}:test`));
}
