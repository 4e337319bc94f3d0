import { BrowserBench } from "./browser-bench";

/**
 * Training speed in this browser, for `npm run bench:browser`: the engine's reference config in the
 * training worker, with the backend and telemetry cadence given in the query string.
 */
export default function BenchPage() {
  return (
    <main>
      <h1>Training benchmark</h1>
      <BrowserBench />
    </main>
  );
}
