import type { NetworkConfig } from "../../../lib/nn/config";
import type { Idea } from "../../../lib/nn/summary";

/**
 * Starting points that each show one published effect; locked knobs keep the challenge's values.
 * Each preset's name is in the catalog under lab.presets.KEY.
 */
export const PRESETS = [
  {
    key: "reluHe",
    config: { activation: "relu", init: "he-normal", batchNorm: "off" },
  },
  {
    key: "reluXavier",
    config: { activation: "relu", init: "glorot-uniform", batchNorm: "off" },
  },
  {
    key: "tanhXavier",
    config: { activation: "tanh", init: "glorot-uniform", batchNorm: "off" },
  },
  {
    key: "sigmoidNaive",
    config: { activation: "sigmoid", init: "normal", sigma: 1, batchNorm: "off" },
  },
  {
    key: "sigmoidBn",
    config: { activation: "sigmoid", init: "normal", sigma: 1, batchNorm: "before" },
  },
] as const satisfies readonly { key: string; config: Partial<NetworkConfig> }[];

/** Where each result behind a verdict is published. */
export const IDEA_LINKS: Record<Idea, { label: string; href: string }> = {
  "glorot-bengio": {
    label: "Glorot & Bengio 2010",
    href: "https://proceedings.mlr.press/v9/glorot10a.html",
  },
  "he-init": { label: "He et al. 2015", href: "https://arxiv.org/abs/1502.01852" },
  "ioffe-szegedy": { label: "Ioffe & Szegedy 2015", href: "https://arxiv.org/abs/1502.03167" },
  "yang-bn": { label: "Yang et al. 2019", href: "https://arxiv.org/abs/1902.08129" },
  "klambauer-selu": { label: "Klambauer et al. 2017", href: "https://arxiv.org/abs/1706.02515" },
  "schoenholz-chaos": { label: "Schoenholz et al. 2017", href: "https://arxiv.org/abs/1611.01232" },
};
