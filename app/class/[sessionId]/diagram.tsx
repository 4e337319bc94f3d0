"use client";
/**
 * The network at a glance: input, each hidden layer (width to scale), BN placement, activation,
 * output. Layer 1 stays on the left in every language (dir="ltr"), as the lessons read it.
 */
import { useTranslations } from "next-intl";
import type { NetworkConfig } from "../../../lib/nn/config";
import { DATASETS } from "../../../lib/nn/datasets/index";

const MAX_DRAWN_LAYERS = 50;

/** Column i of the drawing: the input, a hidden layer, or the output (a CSS class, not words). */
function layerKind(i: number, layers: number): "input" | "hidden" | "output" {
  if (i === 0) return "input";
  return i === layers + 1 ? "output" : "hidden";
}

export function NetworkDiagram({ config }: { config: NetworkConfig }) {
  const t = useTranslations("lab");
  const info = DATASETS[config.dataset];
  const layers = Math.min(config.depth, MAX_DRAWN_LAYERS);
  const column = 14;
  // Wide enough for the caption even for a shallow network.
  const width = Math.max(200, (layers + 2) * column + 20);
  const height = 90;
  const bar = (units: number) => Math.max(6, Math.min(70, 10 * Math.log2(units + 1)));
  const bn = config.batchNorm;
  const words = {
    depth: config.depth,
    width: config.width,
    activation: config.activation,
    inputs: info.inputDim,
    classes: info.classes,
    bn,
  };
  return (
    <figure className="diagram" dir="ltr">
      <svg
        width={2 * width}
        height={2 * height}
        style={{ maxWidth: "100%", height: "auto" }}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={bn === "off" ? t("diagram.label", words) : t("diagram.labelBn", words)}
      >
        {Array.from({ length: layers + 2 }, (_, i) => {
          const units = i === 0 ? info.inputDim : i === layers + 1 ? info.classes : config.width;
          const h = bar(units);
          const x = 10 + i * column;
          const kind = layerKind(i, layers);
          return (
            <g key={i}>
              <rect
                x={x}
                y={(height - 16 - h) / 2}
                width={8}
                height={h}
                rx={2}
                className={`layer ${kind}`}
              />
              {kind === "hidden" && bn !== "off" && (
                <rect
                  x={bn === "before" ? x - 3 : x + 9}
                  y={(height - 16 - h) / 2}
                  width={2}
                  height={h}
                  className="bn"
                />
              )}
            </g>
          );
        })}
        <text x={10} y={height - 2} className="diagram-label">
          {bn === "off" ? t("diagram.text", words) : t("diagram.textBn", words)}
        </text>
      </svg>
    </figure>
  );
}
