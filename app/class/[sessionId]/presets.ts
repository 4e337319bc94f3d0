import type { NetworkConfig } from "../../../lib/nn/config";
import type { Idea } from "../../../lib/nn/summary";

/** Starting points that each show one published effect; locked knobs keep the challenge's values. */
export const PRESETS: { name: string; config: Partial<NetworkConfig> }[] = [
  {
    name: "ReLU + He (keeps scale)",
    config: { activation: "relu", init: "he-normal", batchNorm: "off" },
  },
  {
    name: "ReLU + Xavier (shrinks)",
    config: { activation: "relu", init: "glorot-uniform", batchNorm: "off" },
  },
  {
    name: "Tanh + Xavier (level weights)",
    config: { activation: "tanh", init: "glorot-uniform", batchNorm: "off" },
  },
  {
    name: "Sigmoid, naive N(0,1) (saturates)",
    config: { activation: "sigmoid", init: "normal", sigma: 1, batchNorm: "off" },
  },
  {
    name: "Sigmoid + batch norm",
    config: { activation: "sigmoid", init: "normal", sigma: 1, batchNorm: "before" },
  },
];

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
