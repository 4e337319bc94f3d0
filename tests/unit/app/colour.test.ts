import { describe, expect, it } from "vitest";
import { heatmapPosition, viridis } from "../../../app/_client/colour";

const rgb = (s: string) => s.match(/\d+/g)!.map(Number) as [number, number, number];
/** Relative luminance (sRGB weights on the 0-255 values; enough to order colours). */
const luminance = ([r, g, b]: [number, number, number]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

describe("heatmap colour scale", () => {
  it.each<[number, number]>([
    [1e-8, 0],
    [1e-12, 0],
    [0, 0],
    [Number.NaN, 0],
    [Infinity, 0],
    [10 ** -3.5, 0.5],
    [10, 1],
    [1e5, 1],
  ])("places ||dL/dW|| = %s at %s", (norm, t) => {
    expect(heatmapPosition(norm)).toBeCloseTo(t, 10);
  });

  it("runs from viridis purple to yellow, getting lighter all the way (readable without hue)", () => {
    expect(viridis(0)).toBe("rgb(68, 1, 84)");
    expect(viridis(1)).toBe("rgb(253, 231, 37)");
    expect(viridis(-1)).toBe(viridis(0));
    expect(viridis(2)).toBe(viridis(1));
    const steps = Array.from({ length: 21 }, (_, i) => luminance(rgb(viridis(i / 20))));
    steps.slice(1).forEach((l, i) => expect(l).toBeGreaterThan(steps[i]!));
  });
});
