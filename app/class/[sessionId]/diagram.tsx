"use client";
/** The network at a glance: input, each hidden layer (width to scale), BN placement, activation, output. */
import type { NetworkConfig } from "../../../lib/nn/config";
import { DATASETS } from "../../../lib/nn/datasets/index";

const MAX_DRAWN_LAYERS = 50;

export function NetworkDiagram({ config }: { config: NetworkConfig }) {
  const info = DATASETS[config.dataset];
  const layers = Math.min(config.depth, MAX_DRAWN_LAYERS);
  const column = 14;
  // Wide enough for the caption even for a shallow network.
  const width = Math.max(200, (layers + 2) * column + 20);
  const height = 90;
  const bar = (units: number) => Math.max(6, Math.min(70, 10 * Math.log2(units + 1)));
  const bn = config.batchNorm;
  return (
    <figure className="diagram">
      <svg
        width={2 * width}
        height={2 * height}
        style={{ maxWidth: "100%", height: "auto" }}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${config.depth} hidden layers of ${config.width} ${config.activation} units${bn === "off" ? "" : `, batch norm ${bn} the activation`}, from ${info.inputDim} inputs to ${info.classes} classes`}
      >
        {Array.from({ length: layers + 2 }, (_, i) => {
          const units = i === 0 ? info.inputDim : i === layers + 1 ? info.classes : config.width;
          const h = bar(units);
          const x = 10 + i * column;
          const kind = i === 0 ? "input" : i === layers + 1 ? "output" : "hidden";
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
          {info.inputDim} in → {config.depth} × {config.width} {config.activation}
          {bn === "off" ? "" : ` + BN ${bn}`} → {info.classes} out
        </text>
      </svg>
    </figure>
  );
}
