/**
 * Seeded 2-D toy datasets in the spirit of TensorFlow Playground. Every point is drawn from the rng,
 * so a split is a pure function of (key, count, seed); the server keeps the test split's seed.
 */
import type { Rng } from "../random";
import type { Split } from "./types";

export type ToyKey = "spiral" | "circles" | "xor" | "blobs";

export const TOY_CLASSES: Record<ToyKey, number> = { spiral: 3, circles: 2, xor: 2, blobs: 4 };

/** Gaussian noise added to each coordinate (in units of the unit square). */
const NOISE: Record<ToyKey, number> = { spiral: 0.04, circles: 0.08, xor: 0.05, blobs: 0.3 };

const BLOB_CENTRES: readonly (readonly [number, number])[] = [
  [-0.6, -0.6],
  [0.6, -0.6],
  [-0.6, 0.6],
  [0.6, 0.6],
];

function point(key: ToyKey, label: number, rng: Rng): [number, number] {
  switch (key) {
    case "spiral": {
      // CS231n's spiral: arm `label` turns through 4 radians while the radius grows 0 -> 1.
      const r = rng.uniform();
      const t = label * 4 + 4 * r + rng.normal() * 0.2;
      return [r * Math.sin(t), r * Math.cos(t)];
    }
    case "circles": {
      const radius = label === 0 ? 0.3 * Math.sqrt(rng.uniform()) : 0.7 + 0.3 * rng.uniform();
      const angle = 2 * Math.PI * rng.uniform();
      return [radius * Math.cos(angle), radius * Math.sin(angle)];
    }
    case "xor": {
      // Quadrants with a small margin; label 1 where x and y have the same sign.
      const a = 0.05 + 0.95 * rng.uniform();
      const b = 0.05 + 0.95 * rng.uniform();
      const sx = rng.uniform() < 0.5 ? -1 : 1;
      const sy = label === 1 ? sx : -sx;
      return [sx * a, sy * b];
    }
    case "blobs": {
      const [cx, cy] = BLOB_CENTRES[label]!;
      return [cx, cy];
    }
  }
}

/** `count` points with labels cycling through the classes, so classes are balanced. */
export function generateToy(key: ToyKey, count: number, rng: Rng): Split {
  const classes = TOY_CLASSES[key];
  const noise = NOISE[key];
  const x = new Float32Array(count * 2);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    const [px, py] = point(key, label, rng);
    x[2 * i] = px + rng.normal() * noise;
    x[2 * i + 1] = py + rng.normal() * noise;
    y[i] = label;
  }
  return { x, y, count, inputDim: 2, classes };
}
