/**
 * The hidden test split never ships to a browser: no file the production build serves from
 * /_next/static holds the server-only digits test images (the toy sets' test seeds are checked on
 * the socket side, tests/integration/realtime/trust.test.ts).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { BASE64 as TEST_IMAGES } from "../../lib/nn/datasets/digits-test.data";
import { BASE64 as TRAIN_IMAGES } from "../../lib/nn/datasets/digits-train.data";
import { expect, test } from "./fixtures";

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat();
}

test("no file served to browsers holds the hidden digits test images", async () => {
  const served = await files(".next/static");
  // Three far-apart samples of the test images, each long enough to be unique to them.
  const samples = [1_000, 100_000, 200_000].map((at) => TEST_IMAGES.slice(at, at + 96));
  let sawTrainImages = false;
  for (const file of served.filter((f) => /\.(js|json|txt|wasm|map)$/.test(f))) {
    const text = await readFile(file, "latin1");
    for (const sample of samples) expect(text.includes(sample), file).toBe(false);
    sawTrainImages ||= text.includes(TRAIN_IMAGES.slice(1_000, 1_096));
  }
  // The check can fail: the train images (which the browser trains on) are found the same way.
  expect(sawTrainImages).toBe(true);
});
