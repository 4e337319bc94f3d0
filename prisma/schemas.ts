/**
 * Writes the provider schemas from prisma/models.prisma (the one source of the models):
 *   prisma/sqlite/schema.prisma      (embedded default, better-sqlite3 driver adapter)
 *   prisma/postgresql/schema.prisma  (scale-out, pg driver adapter)
 * `--check` exits 1 when a written schema differs from what it would write.
 *
 *   npm run db:schemas [-- --check]
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PRISMA_OFFLINE_ENV } from "./offline-env";

export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

const here = dirname(fileURLToPath(import.meta.url));

export function schemaPath(provider: Provider): string {
  return join(here, provider, "schema.prisma");
}

export function renderSchema(provider: Provider): string {
  const models = readFileSync(join(here, "models.prisma"), "utf8");
  const header = `// Generated from prisma/models.prisma by \`npm run db:schemas\`. Do not edit.

generator client {
  provider   = "prisma-client"
  output     = "../../server/db/generated/${provider}"
  engineType = "client"
  moduleFormat = "esm"
  runtime    = "nodejs"
}

datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}
`;
  return `${header}\n${models.replace(/^\/\/ .*\n/gm, "").trimStart()}`;
}

/**
 * The SQL that takes a database from `from` (a schema file, or empty) to the provider's current
 * schema, by Prisma's WASM schema engine: no database is read and no engine is downloaded.
 */
export function migrationSql(provider: Provider, from: string | null): string {
  return execFileSync(
    "npx",
    [
      "prisma",
      "migrate",
      "diff",
      "--config",
      join(here, provider, "prisma.config.ts"),
      ...(from ? ["--from-schema-datamodel", from] : ["--from-empty"]),
      "--to-schema-datamodel",
      schemaPath(provider),
      "--script",
    ],
    {
      // The schema engine opens its adapter even for a diff: give SQLite an in-memory database.
      env: {
        ...process.env,
        ...PRISMA_OFFLINE_ENV,
        ...(provider === "sqlite" ? { DATABASE_URL: ":memory:" } : {}),
      },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  let stale = false;
  for (const provider of PROVIDERS) {
    const text = renderSchema(provider);
    let current = "";
    try {
      current = readFileSync(schemaPath(provider), "utf8");
    } catch {
      // not written yet
    }
    if (current === text) continue;
    if (check) {
      console.error(`${schemaPath(provider)} is stale: run npm run db:schemas`);
      stale = true;
    } else {
      writeFileSync(schemaPath(provider), text);
      console.log(`wrote ${schemaPath(provider)}`);
    }
  }
  if (stale) process.exit(1);
}
