import { getTranslations } from "next-intl/server";
import { BrowserBench } from "./browser-bench";

/**
 * Training speed in this browser, for `npm run bench:browser`: the engine's reference config in the
 * training worker, with the backend and telemetry cadence given in the query string.
 */
export default async function BenchPage() {
  const t = await getTranslations("bench");
  return (
    <main>
      <h1>{t("heading")}</h1>
      <BrowserBench />
    </main>
  );
}
