/**
 * `npm start` builds the pages only when they are missing or older than a source they are built
 * from, instead of on every start (a build takes half a minute). `npm run build` always builds.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = [
  "app",
  "lib",
  "next.config.js",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
];
const BUILT = join(".next", "BUILD_ID");

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
const changed = Math.max(...SOURCES.map(newest));
if (built > changed) {
  console.log("The pages are built and current: starting.");
} else {
  console.log(
    built === 0 ? "Building the pages (first start)…" : "Sources changed: building the pages…",
  );
  const result = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
