import type { ProbeConfig } from "../lib/nn/probe";
import type { Verdict } from "../lib/nn/summary";

type ProbeSettings = Pick<ProbeConfig, "activation" | "init" | "batchNorm">;

/**
 * The published results on the home page. The verdicts are what `npm run gradflow` reports for these
 * networks on the curriculum's spiral (20 x 64, probe batch 128, seeds 0-4);
 * tests/unit/nn/home-results.test.ts checks each verdict and the numbers the findings state.
 */
export const RESULTS: readonly {
  network: string;
  probe: ProbeSettings;
  finding: string;
  source: string;
  verdict: Verdict;
}[] = [
  {
    network: "Sigmoid, Xavier init",
    probe: { activation: "sigmoid", init: "glorot-uniform", batchNorm: "off" },
    finding:
      "Each layer passes down about a quarter of the gradient it gets: over 20 layers, 11 to 12 orders of magnitude.",
    source: "Glorot & Bengio 2010",
    verdict: "vanishing",
  },
  {
    network: "Tanh, Xavier init",
    probe: { activation: "tanh", init: "glorot-uniform", batchNorm: "off" },
    finding: "Weight gradients stay level while back-propagated gradients still shrink.",
    source: "Glorot & Bengio 2010",
    verdict: "healthy",
  },
  {
    network: "ReLU, Xavier init",
    probe: { activation: "relu", init: "glorot-uniform", batchNorm: "off" },
    finding: "The signal loses a factor 1/\u221a2 per layer; a 30-layer network stalls.",
    source: "He et al. 2015",
    verdict: "vanishing",
  },
  {
    network: "ReLU, He init",
    probe: { activation: "relu", init: "he-normal", batchNorm: "off" },
    finding: "Forward and backward signals keep their scale through depth.",
    source: "He et al. 2015",
    verdict: "healthy",
  },
  {
    network: "ReLU, He init, batch norm",
    probe: { activation: "relu", init: "he-normal", batchNorm: "before" },
    finding: "Batch norm makes gradients grow about 1.21x per layer toward the input.",
    source: "Yang et al. 2019",
    verdict: "exploding",
  },
];
