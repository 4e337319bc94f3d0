/**
 * Adds a migration for both providers from the change between each provider's last migrated schema
 * (migrations/schema.snapshot.prisma) and its current schema. Runs Prisma's WASM schema engine,
 * which needs no database and no downloaded engine.
 *
 *   npm run db:migration -- add_something
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { migrationSql, PROVIDERS, schemaPath } from "./schemas";

const here = dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name in snake_case>");
  process.exit(2);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
for (const provider of PROVIDERS) {
  const dir = join(here, provider, "migrations");
  const snapshot = join(dir, "schema.snapshot.prisma");
  const sql = migrationSql(provider, existsSync(snapshot) ? snapshot : null);

  if (sql.trim() === "" || sql.includes("This is an empty migration")) {
    console.log(`${provider}: no changes`);
    continue;
  }
  if (provider === "sqlite" && /DROP TABLE/i.test(sql))
    console.warn(
      "sqlite: this migration rebuilds a table with DROP TABLE, which cascade-deletes its children's rows\n" +
        "inside the runner's transaction: rewrite it with ALTER TABLE where SQLite allows (the schema test\n" +
        "'keep every row of every class table' fails otherwise).",
    );
  const folder = join(dir, `${stamp}_${name}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "migration.sql"), sql);
  copyFileSync(schemaPath(provider), snapshot);
  console.log(`${provider}: wrote ${folder}/migration.sql`);
}
