/**
 * One source of models, two providers: the provider schemas are current, every model change has a
 * migration, and the migrations build exactly the schema Prisma derives from the models.
 */
import { decodeStored } from "../../../lib/protocol/telemetry";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrationSql, PROVIDERS, renderSchema, schemaPath } from "../../../prisma/schemas";
import {
  migrate,
  postgresDriver as postgresDriverFor,
  sqliteDriver,
} from "../../../server/db/database";
import {
  applyMigrations,
  loadMigrations,
  migrationsDir,
  type Provider,
} from "../../../server/db/migrate";
import { throwawayDatabase } from "./throwaway";

/** Tables, columns, indexes and foreign keys, in a provider-neutral, sorted form. */
async function describeSchema(provider: Provider, url: string): Promise<string[]> {
  if (provider === "sqlite") {
    const db = new Sqlite(url.slice("file:".length), { readonly: true });
    try {
      // Structure, not SQL text: ALTER TABLE appends columns where CREATE TABLE lists them in order.
      const tables = (
        db
          .prepare(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_vp_migrations'`,
          )
          .all() as { name: string }[]
      ).map((t) => t.name);
      const lines: string[] = [];
      for (const table of tables) {
        const columns = db
          .prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`)
          .all(table);
        for (const c of columns) lines.push(`column ${table}: ${JSON.stringify(c)}`);
        const indexes = db
          .prepare(`SELECT name, "unique", origin FROM pragma_index_list(?)`)
          .all(table) as { name: string }[];
        for (const i of indexes) {
          const cols = db
            .prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`)
            .all(i.name);
          lines.push(`index ${table}: ${JSON.stringify(i)} ${JSON.stringify(cols)}`);
        }
        const keys = db
          .prepare(
            `SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?)`,
          )
          .all(table);
        for (const k of keys) lines.push(`foreign key ${table}: ${JSON.stringify(k)}`);
      }
      return lines.sort();
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_vp_migrations' ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_vp_migrations' ORDER BY indexname`,
    );
    const constraints = await client.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_vp_migrations', '"_vp_migrations"') ORDER BY conname`,
    );
    return [
      ...columns.rows.map(
        (r) =>
          `column ${r.table_name}.${r.column_name} ${r.data_type} ${r.is_nullable} ${r.column_default}`,
      ),
      ...indexes.rows.map((r) => `index ${r.indexname}: ${r.indexdef}`),
      ...constraints.rows.map((r) => `constraint ${r.conname}: ${r.def}`),
    ];
  } finally {
    await client.end();
  }
}

async function applySql(provider: Provider, url: string, sql: string): Promise<void> {
  if (provider === "sqlite") {
    const db = new Sqlite(url.slice("file:".length));
    db.exec(sql);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql);
  await client.end();
}

describe.each(PROVIDERS)("%s schema", (provider) => {
  it("is generated from prisma/models.prisma", () => {
    expect(readFileSync(schemaPath(provider), "utf8")).toBe(renderSchema(provider));
  });

  it("has a migration for every model change", () => {
    const snapshot = readFileSync(join(migrationsDir(provider), "schema.snapshot.prisma"), "utf8");
    expect(snapshot).toBe(renderSchema(provider));
  });

  it("is built by the migrations exactly as Prisma derives it from the models", async () => {
    const migrated = await throwawayDatabase(provider);
    const direct = await throwawayDatabase(provider);
    try {
      expect(await migrate(migrated.url)).toEqual(
        loadMigrations(migrationsDir(provider)).map((m) => m.name),
      );
      expect(await migrate(migrated.url)).toEqual([]); // idempotent
      await applySql(provider, direct.url, migrationSql(provider, null));
      const a = await describeSchema(provider, migrated.url);
      expect(a.length).toBeGreaterThan(20);
      expect(a).toEqual(await describeSchema(provider, direct.url));
    } finally {
      await migrated.drop();
      await direct.drop();
    }
  });
});

/** Rows of every class table, written against the first migration's tables. */
const SEED_ROWS = [
  `INSERT INTO "Teacher" ("id", "name", "email", "updatedAt") VALUES ('t1', 'T', 't@school.test', CURRENT_TIMESTAMP)`,
  `INSERT INTO "ClassSession" ("id", "teacherId", "title", "joinCode") VALUES ('s1', 't1', 'Period 1', 'ABCDEF')`,
  `INSERT INTO "Challenge" ("id", "sessionId", "title", "spec", "testSeed", "position") VALUES ('c1', 's1', 'C', '{}', 1, 0)`,
  `INSERT INTO "Participant" ("id", "sessionId", "nickname", "nicknameKey", "rejoinTokenHash") VALUES ('p1', 's1', 'Ada', 'ada', 'h')`,
  `INSERT INTO "Run" ("id", "clientRunId", "challengeId", "participantId", "config", "seed", "backend", "weights", "claimed", "telemetry") VALUES ('r1', 'u1', 'c1', 'p1', '{}', 0, 'cpu', X'00', '{}', '[{"step":1,"loss":0.5,"accuracy":null,"layers":[]}]')`,
];
const SEEDED_TELEMETRY = [{ step: 1, loss: 0.5, accuracy: null, layers: [] }];
const CLASS_TABLES = ["Teacher", "ClassSession", "Challenge", "Participant", "Run"];

describe.each(PROVIDERS)("%s migrations on a database in use", (provider) => {
  it("keep every row of every class table", async () => {
    const db = await throwawayDatabase(provider);
    const migrations = loadMigrations(migrationsDir(provider));
    try {
      const rows = SEED_ROWS.map((sql) =>
        provider === "postgresql" ? sql.replace("X'00'", "'\\x00'::bytea") : sql,
      );
      if (provider === "sqlite") {
        const sqlite = new Sqlite(db.url.slice("file:".length));
        const driver = sqliteDriver(sqlite);
        await applyMigrations(driver, migrations.slice(0, 1));
        for (const sql of rows) sqlite.exec(sql);
        await applyMigrations(driver, migrations);
        for (const table of CLASS_TABLES)
          expect(sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get(), table).toEqual({
            n: 1,
          });
        // A run's telemetry survives its move from JSON text to bytes.
        const { telemetry } = sqlite.prepare(`SELECT "telemetry" FROM "Run"`).get() as {
          telemetry: Buffer;
        };
        expect(decodeStored(telemetry)).toEqual(SEEDED_TELEMETRY);
        sqlite.close();
      } else {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        await applyMigrations(postgresDriverFor(client), migrations.slice(0, 1));
        for (const sql of rows) await client.query(sql);
        await applyMigrations(postgresDriverFor(client), migrations);
        for (const table of CLASS_TABLES)
          expect(
            (await client.query(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0],
            table,
          ).toEqual({ n: 1 });
        const { telemetry } = (await client.query(`SELECT "telemetry" FROM "Run"`)).rows[0] as {
          telemetry: Buffer;
        };
        expect(decodeStored(telemetry)).toEqual(SEEDED_TELEMETRY);
        await client.end();
      }
    } finally {
      await db.drop();
    }
  });
});

describe("migration runner", () => {
  it("refuses a database whose applied migration was edited, and rolls back a failing one", async () => {
    const db = await throwawayDatabase("sqlite");
    try {
      await migrate(db.url);
      const sqlite = new Sqlite(db.url.slice("file:".length));
      const driver = sqliteDriver(sqlite);
      const real = loadMigrations(migrationsDir("sqlite"));
      const edited = real.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
      await expect(applyMigrations(driver, edited)).rejects.toThrow(/changed/);
      const broken = [
        ...real,
        {
          name: "20990101000000_broken",
          sql: `CREATE TABLE "x" ("a" INT); SELECT nope FROM missing;`,
          checksum: "b",
        },
      ];
      await expect(applyMigrations(driver, broken)).rejects.toThrow();
      expect(sqlite.prepare(`SELECT name FROM sqlite_master WHERE name = 'x'`).all()).toEqual([]);
      sqlite.close();
    } finally {
      await db.drop();
    }
  });
});
