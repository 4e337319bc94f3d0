/** The probe's command-line contract: one JSON object on stdout; bad arguments exit 2 with one line. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function gradflow(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "server/cli/gradflow.ts", ...args],
    {
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Output {
  config: Record<string, unknown>;
  runs: { seed: number; loss: number; layers: Record<string, number>[] }[];
  summary: { gradRatio: number; perLayerFactor: number; inputLayerRatio: number; verdict: string };
}

describe("npm run gradflow", () => {
  it("prints the contract's JSON for ReLU + He + BN before (exploding, Yang et al.)", () => {
    const { status, stdout, stderr } = gradflow(
      "--depth",
      "20",
      "--width",
      "64",
      "--activation",
      "relu",
      "--init",
      "he-normal",
      "--batch-norm",
      "before",
      "--batch",
      "128",
      "--input-dim",
      "64",
      "--classes",
      "10",
      "--data",
      "gaussian",
      "--seeds",
      "0,1,2",
    );
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    const out = JSON.parse(stdout) as Output;
    expect(out.config).toMatchObject({
      depth: 20,
      width: 64,
      activation: "relu",
      init: "he-normal",
      batchNorm: "before",
      batch: 128,
      inputDim: 64,
      classes: 10,
      data: "gaussian",
      bnEpsilon: 1e-3,
    });
    expect(out.runs.map((r) => r.seed)).toEqual([0, 1, 2]);
    for (const run of out.runs) {
      // Softmax cross-entropy of a random 10-class network at init is near ln(10) = 2.3.
      expect(run.loss).toBeGreaterThan(1.5);
      expect(run.loss).toBeLessThan(4);
      expect(run.layers).toHaveLength(20);
      expect(run.layers.map((l) => l.layer)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      for (const key of [
        "weightGradNorm",
        "activationGradNorm",
        "activationMean",
        "activationStd",
        "saturated",
        "dead",
      ]) {
        expect(typeof run.layers[0]![key]).toBe("number");
      }
    }
    // Over the hidden-to-hidden layers 2..20 (lib/nn/summary.ts): 18 layer steps.
    const mean = (from: number) =>
      Math.exp(
        out.runs
          .map((r) => Math.log(r.layers[from]!.weightGradNorm! / r.layers[19]!.weightGradNorm!))
          .reduce((a, b) => a + b, 0) / out.runs.length,
      );
    expect(out.summary.gradRatio).toBeCloseTo(mean(1), 6);
    expect(out.summary.perLayerFactor).toBeCloseTo(mean(1) ** (1 / 18), 6);
    expect(out.summary.inputLayerRatio).toBeCloseTo(mean(0), 6);
    // Yang et al.: about 1.21 per layer.
    expect(out.summary.perLayerFactor).toBeGreaterThan(1.15);
    expect(out.summary.perLayerFactor).toBeLessThan(1.27);
    expect(out.summary.verdict).toBe("exploding");
  });

  it("probes a dataset, taking its input size and classes", () => {
    const { status, stdout } = gradflow(
      "--depth",
      "3",
      "--data",
      "spiral",
      "--seeds",
      "1",
      "--batch",
      "64",
    );
    expect(status).toBe(0);
    const out = JSON.parse(stdout) as Output;
    expect(out.config).toMatchObject({ inputDim: 2, classes: 3, data: "spiral" });
  });

  it("says on stderr when values overflow, and what their null means", () => {
    // ReLU with N(0, 10) weights: the activations pass float32's range within a few dozen layers.
    const { status, stdout, stderr } = gradflow(
      "--depth",
      "50",
      "--width",
      "64",
      "--activation",
      "relu",
      "--init",
      "normal",
      "--sigma",
      "10",
    );
    expect(status).toBe(0);
    expect(stdout).toMatch(/null/);
    expect(stderr).toMatch(/overflowed.*null/);
  });

  it.each([
    [["--depth", "0"], /--depth/],
    [["--depth", "abc"], /--depth/],
    [["--activation", "swish"], /--activation/],
    [["--seeds", "1,x"], /--seeds/],
    [["--frobnicate", "1"], /frobnicate/],
    [["positional"], /positional|Unexpected argument/],
    [["--width", "0x10"], /--width: a whole number/],
    [["--depth", "1e1"], /--depth: a whole number/],
    [["--sigma", "-1"], /--sigma: .*(>0|positive)/],
    [["--sigma=-1"], /--sigma: .*(>0|positive)/],
    [["--data", "spiral", "--batch", "601"], /--batch: .*600/],
  ])("rejects %j with exit code 2 and one line on stderr", (args, pattern) => {
    const { status, stdout, stderr } = gradflow(...args);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(pattern);
  });
});
