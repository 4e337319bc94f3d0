import { describe, expect, it } from "vitest";
import { logTick } from "../../../app/_client/format";

describe("log-axis tick labels", () => {
  it.each<[number, string]>([
    [1e-12, "1e-12"],
    [1e-5, "1e-5"],
    [5e-4, "5e-4"],
    [0.001, "0.001"],
    [0.02, "0.02"],
    [0.5, "0.5"],
    [1, "1"],
    [100, "100"],
    [1e4, "1e4"],
    [3e6, "3e6"],
  ])("%s reads %s, never 0", (v, label) => {
    expect(logTick(v)).toBe(label);
  });
});
