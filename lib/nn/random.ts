/**
 * Seeded randomness for everything the engine draws: initial weights, datasets, batch order and
 * probe batches. Numbers are drawn in JavaScript (not on the tensor backend), so the same seed gives
 * the same bits on CPU, WASM and WebGL.
 */
import seedrandom from "seedrandom";

export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
}

/**
 * A generator for one purpose. `stream` separates independent uses of the same seed, so that, say,
 * changing the batch order never changes the initial weights.
 */
export function createRng(seed: number, stream: string): Rng {
  const next = seedrandom.alea(`${seed}/${stream}`);
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    // Box-Muller; 1 - u keeps log() away from 0.
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return {
    uniform: () => next(),
    normal,
    int: (n) => Math.floor(next() * n),
  };
}

/** Fisher-Yates shuffle of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
