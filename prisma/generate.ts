/**
 * Generates the Prisma clients of both providers into server/db/generated/ (run on `npm install`).
 *
 *   npm run db:generate
 */
import { execFileSync } from "node:child_process";
import { PRISMA_OFFLINE_ENV } from "./offline-env";
import { PROVIDERS, schemaPath } from "./schemas";

for (const provider of PROVIDERS) {
  execFileSync("npx", ["prisma", "generate", "--schema", schemaPath(provider)], {
    env: { ...process.env, ...PRISMA_OFFLINE_ENV },
    stdio: ["ignore", "ignore", "inherit"],
  });
  console.log(`prisma client (${provider}) generated`);
}
