/**
 * Applies the checked-in migrations (prisma/<provider>/migrations/<stamp>_<name>/migration.sql) in
 * order, each in its own transaction, and records them in `_vp_migrations` with a checksum. One
 * runner for SQLite and PostgreSQL: Prisma's own migrate commands cannot run on PostgreSQL here
 * (prisma/orm#27403). On PostgreSQL an advisory lock lets several nodes start at once.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type Provider = "sqlite" | "postgresql";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** What the runner needs of a connection: run a script, query rows, and a transaction around both. */
export interface MigrationDriver {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  lock?(): Promise<() => Promise<void>>;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "../../prisma");

export function migrationsDir(provider: Provider): string {
  return join(root, provider, "migrations");
}

export function loadMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{14}_[a-z0-9_]+$/.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Applies pending migrations; returns the names applied now. */
export async function applyMigrations(
  driver: MigrationDriver,
  migrations: Migration[],
): Promise<string[]> {
  const unlock = driver.lock ? await driver.lock() : async () => {};
  try {
    await driver.exec(
      `CREATE TABLE IF NOT EXISTS "_vp_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`,
    );
    const done = new Map(
      (
        await driver.query<{ name: string; checksum: string }>(
          `SELECT "name", "checksum" FROM "_vp_migrations"`,
        )
      ).map((r) => [r.name, r.checksum]),
    );
    for (const [name, checksum] of done) {
      const known = migrations.find((m) => m.name === name);
      if (!known)
        throw new MigrationError(
          `the database has migration ${name}, which this version does not know`,
        );
      if (known.checksum !== checksum)
        throw new MigrationError(`migration ${name} was changed after it was applied`);
    }
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await driver.transaction(async () => {
        await driver.exec(m.sql);
        await driver.query(
          `INSERT INTO "_vp_migrations" ("name", "checksum", "appliedAt") VALUES ($1, $2, $3)`,
          [m.name, m.checksum, new Date().toISOString()],
        );
      });
      applied.push(m.name);
    }
    return applied;
  } finally {
    await unlock();
  }
}
