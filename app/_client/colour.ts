/** Colour scales of the charts: viridis (colour-blind safe, lightness rising monotonically). */

/** log10 range of the gradient heatmaps' colour scale; values outside are clamped. */
export const HEATMAP_LOG_MIN = -8;
export const HEATMAP_LOG_MAX = 1;

/** Viridis sampled at 6 stops. */
const VIRIDIS = [
  [68, 1, 84],
  [65, 68, 135],
  [42, 120, 142],
  [34, 168, 132],
  [122, 209, 81],
  [253, 231, 37],
] as const;

/** Viridis at t in [0, 1] (clamped), as an rgb() string. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i]!, VIRIDIS[i + 1]!];
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Where a gradient norm sits on the heatmap scale, 0 (1e-8 or less) to 1 (10 or more). */
export function heatmapPosition(norm: number): number {
  if (!(norm > 0) || !Number.isFinite(norm)) return 0;
  return Math.min(
    1,
    Math.max(0, (Math.log10(norm) - HEATMAP_LOG_MIN) / (HEATMAP_LOG_MAX - HEATMAP_LOG_MIN)),
  );
}
