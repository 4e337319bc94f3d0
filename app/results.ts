import type { ProbeConfig } from "../lib/nn/probe";
import type { Verdict } from "../lib/nn/summary";

type ProbeSettings = Pick<ProbeConfig, "activation" | "init" | "batchNorm">;

/**
 * The published results on the home page. The verdicts are what `npm run gradflow` reports for these
 * networks on the curriculum's spiral (20 x 64, probe batch 128, seeds 0-4);
 * tests/unit/nn/home-results.test.ts checks each verdict and the numbers the findings state.
 */
export const RESULTS: readonly {
  /** The result's name and finding are in the catalog under home.results.KEY. */
  key: "sigmoidXavier" | "tanhXavier" | "reluXavier" | "reluHe" | "reluHeBn";
  probe: ProbeSettings;
  source: string;
  verdict: Verdict;
}[] = [
  {
    key: "sigmoidXavier",
    probe: { activation: "sigmoid", init: "glorot-uniform", batchNorm: "off" },
    source: "Glorot & Bengio 2010",
    verdict: "vanishing",
  },
  {
    key: "tanhXavier",
    probe: { activation: "tanh", init: "glorot-uniform", batchNorm: "off" },
    source: "Glorot & Bengio 2010",
    verdict: "healthy",
  },
  {
    key: "reluXavier",
    probe: { activation: "relu", init: "glorot-uniform", batchNorm: "off" },
    source: "He et al. 2015",
    verdict: "vanishing",
  },
  {
    key: "reluHe",
    probe: { activation: "relu", init: "he-normal", batchNorm: "off" },
    source: "He et al. 2015",
    verdict: "healthy",
  },
  {
    key: "reluHeBn",
    probe: { activation: "relu", init: "he-normal", batchNorm: "before" },
    source: "Yang et al. 2019",
    verdict: "exploding",
  },
];
