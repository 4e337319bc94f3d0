/** The gradient-flow engine: pure, tfjs-only, shared by the browser trainer, the verifier and the CLI. */
export * from "./config";
export { DATASETS, loadTrainSplit, type DatasetInfo, type Split } from "./datasets/index";
export { evaluateNetwork, evaluateWeights, type Evaluation } from "./evaluate";
export { initializerVariance, sampleWeights } from "./initializers";
export { networkLayout, type NetworkLayout, type NetworkShape } from "./layout";
export {
  createNetwork,
  disposeNetwork,
  initialWeights,
  readWeights,
  type Network,
  type NetworkWeights,
} from "./network";
export {
  gaussianProbeBatch,
  probeGradientFlow,
  sampleProbeBatch,
  type ProbeConfig,
  type ProbeResult,
} from "./probe";
export * from "./summary";
export { STAT_COLUMNS, type LayerStats } from "./telemetry";
export {
  Trainer,
  type TelemetryFrame,
  type TrainChunk,
  type TrainerOptions,
  type TrainStatus,
} from "./trainer";
export { decodeWeights, encodeWeights, MAX_WEIGHTS_BYTES, WeightsFormatError } from "./weights";
