import { useBackend } from "../../server/engine/backend";
import { DEFAULT_CONFIG, type NetworkConfig } from "../../lib/nn/config";
import { loadTrainSplit } from "../../lib/nn/datasets/index";
import { loadTestSplit } from "../../lib/nn/datasets/test-split";
import { Trainer } from "../../lib/nn/trainer";
await useBackend((process.env.BACKEND as "cpu" | "wasm") ?? "cpu");
const cases: Partial<NetworkConfig>[] = JSON.parse(process.argv[2]!);
for (const c of cases) {
  const config = { ...DEFAULT_CONFIG, ...c } as NetworkConfig;
  const train = await loadTrainSplit(config.dataset, 1);
  const test = await loadTestSplit(config.dataset, 2);
  const t0 = performance.now();
  const trainer = new Trainer(config, train);
  const chunks = await trainer.run(100);
  const ms = performance.now() - t0;
  const ev = await trainer.evaluate(test);
  const last = chunks.at(-1)!;
  console.log(JSON.stringify(c), `status=${trainer.status} step=${trainer.step} test=${ev.accuracy.toFixed(3)} loss=${last.losses.at(-1)?.toFixed(3)} ${(trainer.step / (ms / 1000)).toFixed(1)} steps/s`);
  trainer.dispose();
}
