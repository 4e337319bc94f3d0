import { describe, expect, it } from "vitest";
import {
  configFromSearchParams,
  configToSearchParams,
  DEFAULT_CONFIG,
  parseConfig,
  type NetworkConfig,
} from "../../../lib/nn/config";

describe("network config schema", () => {
  it("accepts the default config", () => {
    expect(parseConfig(DEFAULT_CONFIG)).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["depth 0", { depth: 0 }, "depth"],
    ["depth 51", { depth: 51 }, "depth"],
    ["fractional depth", { depth: 2.5 }, "depth"],
    ["width 1", { width: 1 }, "width"],
    ["width 513", { width: 513 }, "width"],
    ["unknown activation", { activation: "swish" }, "activation"],
    ["unknown initializer", { init: "orthogonal" }, "init"],
    ["negative sigma", { sigma: -1 }, "sigma"],
    ["batch norm placement", { batchNorm: "middle" }, "batchNorm"],
    ["zero epsilon", { bnEpsilon: 0 }, "bnEpsilon"],
    ["momentum 1", { bnMomentum: 1 }, "bnMomentum"],
    ["unknown optimizer", { optimizer: "rmsprop" }, "optimizer"],
    ["zero learning rate", { learningRate: 0 }, "learningRate"],
    ["string learning rate", { learningRate: "0.1" }, "learningRate"],
    ["batch size 1", { batchSize: 1 }, "batchSize"],
    ["too many steps", { steps: 1_000_000 }, "steps"],
    ["negative seed", { seed: -3 }, "seed"],
    ["unknown dataset", { dataset: "cifar" }, "dataset"],
    ["NaN width", { width: Number.NaN }, "width"],
  ])("rejects %s naming the field", (_name, patch, field) => {
    const result = parseConfig({ ...DEFAULT_CONFIG, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.field)).toEqual([field]);
  });

  it("rejects unknown fields and missing fields", () => {
    const extra = parseConfig({ ...DEFAULT_CONFIG, dropout: 0.5 });
    expect(extra.ok).toBe(false);
    const { depth: _depth, ...missing } = DEFAULT_CONFIG;
    const result = parseConfig(missing);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.field).toBe("depth");
  });

  it("round-trips through JSON and through a URL", () => {
    const config: NetworkConfig = {
      ...DEFAULT_CONFIG,
      depth: 20,
      width: 64,
      activation: "leaky-relu",
      init: "normal",
      sigma: 0.05,
      batchNorm: "after",
      bnEpsilon: 1e-5,
      learningRate: 0.0003,
      seed: 4_000_000_000,
      dataset: "digits",
    };
    expect(parseConfig(JSON.parse(JSON.stringify(config)))).toEqual({ ok: true, config });
    const url = new URL(`https://example.test/lab?${configToSearchParams(config).toString()}`);
    expect(configFromSearchParams(url.searchParams)).toEqual({ ok: true, config });
  });

  it("fills missing URL fields from the defaults but reports malformed ones", () => {
    expect(configFromSearchParams(new URLSearchParams("depth=7"))).toEqual({
      ok: true,
      config: { ...DEFAULT_CONFIG, depth: 7 },
    });
    const bad = configFromSearchParams(new URLSearchParams("depth=abc&width=&activation=relu"));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.field).sort()).toEqual(["depth", "width"]);
  });
});
