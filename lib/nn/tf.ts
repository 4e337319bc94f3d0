/**
 * The engine's one door to tfjs. `@tensorflow/tfjs` registers the chained ops (`x.add(y)`) and the
 * CPU and WebGL backends in every environment (Node resolves its CommonJS build, bundlers its ES
 * modules); which backend runs is chosen at the edges (the browser worker, the server, the tests).
 */
export * from "@tensorflow/tfjs";
