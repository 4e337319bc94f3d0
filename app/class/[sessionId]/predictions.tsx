"use client";
/** What the network does with its inputs: the decision boundary (2-D sets) or sample digits. */
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import type { PredictionView } from "../../../lib/nn/worker-protocol";

/** Okabe-Ito, one per class, with a light tint for the regions. */
const CLASS_COLOURS = [
  "#0072b2",
  "#d55e00",
  "#009e73",
  "#cc79a7",
  "#e69f00",
  "#56b4e9",
  "#f0e442",
  "#000000",
  "#999999",
  "#882255",
];

/** Marks for a right and a wrong prediction: symbols, the same in every language. */
const RIGHT = "✓";
const WRONG = "✗";

function tint(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function DecisionBoundary({
  view,
}: {
  view: Extract<PredictionView, { kind: "boundary" }>;
}) {
  const t = useTranslations("predictions");
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    // Drawn by the CPU: an accelerated canvas made the page wait on the GPU (see use-training.ts).
    const ctx = canvas.current?.getContext("2d", { willReadFrequently: true });
    if (!ctx || !canvas.current) return;
    const { width, height } = canvas.current;
    const cell = width / view.size;
    ctx.clearRect(0, 0, width, height);
    view.classes.forEach((c, k) => {
      const r = Math.floor(k / view.size);
      const col = k % view.size;
      ctx.fillStyle = tint(CLASS_COLOURS[c % CLASS_COLOURS.length]!, 0.28);
      ctx.fillRect(col * cell, height - (r + 1) * cell, Math.ceil(cell), Math.ceil(cell));
    });
    const px = (x: number) => ((x - view.x0) / (view.x1 - view.x0)) * width;
    const py = (y: number) => height - ((y - view.y0) / (view.y1 - view.y0)) * height;
    for (let i = 0; i < view.points.y.length; i++) {
      const label = view.points.y[i]!;
      const x = px(view.points.x[2 * i]!);
      const y = py(view.points.x[2 * i + 1]!);
      ctx.fillStyle = CLASS_COLOURS[label % CLASS_COLOURS.length]!;
      ctx.strokeStyle = "#fff";
      ctx.beginPath();
      // Shapes as well as colours: circle, square, triangle, diamond.
      const s = 3.5;
      if (label % 4 === 0) ctx.arc(x, y, s, 0, 2 * Math.PI);
      else if (label % 4 === 1) ctx.rect(x - s, y - s, 2 * s, 2 * s);
      else if (label % 4 === 2) {
        ctx.moveTo(x, y - s - 1);
        ctx.lineTo(x + s + 1, y + s);
        ctx.lineTo(x - s - 1, y + s);
        ctx.closePath();
      } else {
        ctx.moveTo(x, y - s - 1);
        ctx.lineTo(x + s + 1, y);
        ctx.lineTo(x, y + s + 1);
        ctx.lineTo(x - s - 1, y);
        ctx.closePath();
      }
      ctx.fill();
      ctx.stroke();
    }
  }, [view]);
  return (
    <figure className="chart">
      <canvas
        ref={canvas}
        width={320}
        height={320}
        className="boundary"
        role="img"
        aria-label={t("boundary.label")}
      />
      <figcaption>{t("boundary.caption")}</figcaption>
    </figure>
  );
}

function Digit({ pixels, side }: { pixels: Float32Array; side: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    const image = ctx.createImageData(side, side);
    pixels.forEach((v, i) => {
      const g = 255 - Math.round(255 * v);
      image.data.set([g, g, g, 255], 4 * i);
    });
    ctx.putImageData(image, 0, 0);
  }, [pixels, side]);
  return <canvas ref={canvas} width={side} height={side} className="digit" aria-hidden="true" />;
}

export function DigitPredictions({ view }: { view: Extract<PredictionView, { kind: "digits" }> }) {
  const t = useTranslations("predictions");
  const n = view.labels.length;
  const pixels = view.side * view.side;
  return (
    <figure className="chart">
      <ul className="digits">
        {Array.from({ length: n }, (_, i) => {
          const right = view.predicted[i] === view.labels[i];
          // Digits as the images draw them (0-9), the same in every language.
          const mark = right ? RIGHT : `${WRONG} (${view.labels[i]})`;
          return (
            <li key={i} className={right ? "right" : "wrong"}>
              <Digit pixels={view.images.subarray(i * pixels, (i + 1) * pixels)} side={view.side} />
              <span>
                {view.predicted[i]} {mark}
              </span>
            </li>
          );
        })}
      </ul>
      <figcaption>{t("digits.caption")}</figcaption>
    </figure>
  );
}

export function Predictions({ view }: { view: PredictionView | null }) {
  if (!view) return null;
  return view.kind === "boundary" ? (
    <DecisionBoundary view={view} />
  ) : (
    <DigitPredictions view={view} />
  );
}
