/**
 * The database: SQLite through better-sqlite3 by default (a file under data/, created and migrated on
 * first start), PostgreSQL through pg when DATABASE_URL is a postgres URL. Both use Prisma's
 * query compiler (no engine binary) with a driver adapter, and the same models.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Sqlite from "better-sqlite3";
import pg from "pg";
import type { Logger } from "../log";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import {
  applyMigrations,
  loadMigrations,
  migrationsDir,
  type MigrationDriver,
  type Provider,
} from "./migrate";

/**
 * Both generated clients have the same models and API; the SQLite one names the type. (They differ
 * only in the query compiler each loads.)
 */
export type Db = SqliteClient;

/** A run's verification inputs as the driver returns them: JSON columns not yet parsed. */
export interface RunBlobRow {
  status: string;
  challengeId: string;
  config: unknown;
  claimed: unknown;
  weights: Uint8Array;
}

/** A new run's row as the driver inserts it: JSON columns as text, blobs as bytes. */
export interface NewRunRow {
  id: string;
  clientRunId: string;
  challengeId: string;
  participantId: string;
  config: string;
  seed: number;
  backend: string;
  weights: Uint8Array;
  claimed: string;
  telemetry: Uint8Array;
  profile: string | null;
  submittedAt: Date;
}

/**
 * A run's blobs, written and read straight through the driver: Prisma's client serialises every
 * blob parameter to base64 and passes it through its query compiler and back (raw statements
 * too), and its adapters hand every blob read over as an array of numbers (a 39 KB weights blob
 * becomes 39,000 of them, `mapRow`); the driver takes and gives Buffers. On SQLite the insert goes
 * through the adapter's own connection, as Prisma's statements do; on PostgreSQL through the pool.
 * Everything else stays with Prisma.
 */
export interface RunBlobStore {
  runForVerification(id: string): Promise<RunBlobRow | null>;
  /** Inserts a pending run; false when its client run id is taken (nothing written). */
  insertRun(row: NewRunRow): Promise<boolean>;
}

const RUN_FOR_VERIFICATION = `SELECT "status", "challengeId", "config", "claimed", "weights" FROM "Run" WHERE "id" = `;

const INSERT_RUN_COLUMNS = [
  ...["id", "clientRunId", "challengeId", "participantId", "config", "seed", "backend"],
  ...["weights", "claimed", "telemetry", "profile", "status", "mismatch", "submittedAt"],
];

/** The insert's values in INSERT_RUN_COLUMNS' order; `submittedAt` as the driver takes it. */
const runArgs = (row: NewRunRow, submittedAt: unknown) => [
  row.id,
  row.clientRunId,
  row.challengeId,
  row.participantId,
  row.config,
  row.seed,
  row.backend,
  asBuffer(row.weights),
  row.claimed,
  asBuffer(row.telemetry),
  row.profile,
  "pending",
  false,
  submittedAt,
];

/** The insert, one placeholder per column: `?` (SQLite) or `$1`, `$2`, … (PostgreSQL). */
const insertRunSql = (placeholder: (i: number) => string) =>
  `INSERT INTO "Run" (${INSERT_RUN_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${INSERT_RUN_COLUMNS.map((_, i) => placeholder(i)).join(", ")})`;

const asBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The SQLite adapter's connection (@prisma/driver-adapter-utils' SqlDriverAdapter) and its queries. */
type AdapterConnection = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type AdapterQuery = Parameters<AdapterConnection["executeRaw"]>[0];

export interface Database {
  provider: Provider;
  prisma: Db;
  blobs: RunBlobStore;
  /** Resolves when the database answers a trivial query (the health check). */
  ping(): Promise<void>;
  /** PostgreSQL's connection pool: connections open, idle, and queries waiting for one. */
  pool?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** A PostgreSQL connection attempt that takes longer fails, so requests answer instead of hanging. */
export const PG_CONNECT_TIMEOUT_MS = 5_000;
/** Closing waits at most this long for the pool's connections to come back. */
export const PG_CLOSE_TIMEOUT_MS = 3_000;

/** A driver adapter's failure kind (UniqueConstraintViolation, ...), as its DriverAdapterError says. */
const adapterErrorKind = (error: unknown): unknown =>
  (error as { cause?: { kind?: unknown } } | null)?.cause?.kind;

export const DEFAULT_DATABASE_URL = "file:./data/vanishing-point.db";

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:") || url === ":memory:") return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)`);
}

function sqlitePath(url: string): string {
  return url === ":memory:" ? url : resolve(url.slice("file:".length));
}

export function sqliteDriver(db: Sqlite.Database): MigrationDriver {
  return {
    exec: async (sql) => void db.exec(sql),
    query: async <T>(sql: string, params: unknown[] = []) => {
      const stmt = db.prepare(sql.replace(/\$\d+/g, "?"));
      return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[];
    },
    transaction: async (fn) => {
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn();
        db.exec("COMMIT");
        return result;
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    },
  };
}

export function postgresDriver(client: pg.Client): MigrationDriver {
  return {
    exec: async (sql) => void (await client.query(sql)),
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[],
    transaction: async (fn) => {
      await client.query("BEGIN");
      try {
        const result = await fn();
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    lock: async () => {
      // Any fixed key: only our migration runner takes it.
      await client.query("SELECT pg_advisory_lock(727274)");
      return async () => void (await client.query("SELECT pg_advisory_unlock(727274)"));
    },
  };
}

/** Applies pending migrations to the database at `url`; returns the names applied. */
export async function migrate(url: string): Promise<string[]> {
  const provider = providerOf(url);
  const migrations = loadMigrations(migrationsDir(provider));
  if (provider === "sqlite") {
    const path = sqlitePath(url);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const db = new Sqlite(path);
    try {
      db.pragma("journal_mode = WAL");
      return await applyMigrations(sqliteDriver(db), migrations);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await applyMigrations(postgresDriver(client), migrations);
  } finally {
    await client.end();
  }
}

/** Opens (and first migrates) the database. */
export async function openDatabase(
  url: string,
  options: { logger?: Logger } = {},
): Promise<Database> {
  await migrate(url);
  const provider = providerOf(url);
  const ping = (prisma: Db) => async () => void (await prisma.$queryRawUnsafe("SELECT 1"));
  if (provider === "sqlite") {
    // The adapter's connection is kept for the run inserts (RunBlobStore): same connection, same
    // order as Prisma's own statements.
    const factory = new PrismaBetterSQLite3({ url: sqlitePath(url) });
    let connection: Promise<AdapterConnection> | null = null;
    const adapter = {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => {
        const connecting = factory.connect();
        connection = connecting;
        return connecting;
      },
    } as typeof factory;
    const prisma = new SqliteClient({ adapter });
    // WAL with synchronous NORMAL: a commit is durable when the process is killed at any moment
    // (tests/integration/process/durability.test.ts); only an operating-system crash or power cut
    // can lose the last commits. FULL (an fsync per commit) cost a busy class most of its event
    // loop (bench:class). The adapter holds one connection, so the setting holds for every query.
    await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    // A second, read-only connection for the blob reads: in WAL mode it sees every commit.
    const reader = new Sqlite(sqlitePath(url), { readonly: true });
    const forVerification = reader.prepare(`${RUN_FOR_VERIFICATION}?`);
    const insertSql = insertRunSql(() => "?");
    const insertTypes: AdapterQuery["argTypes"] = (
      [
        ...["string", "string", "string", "string", "json", "int", "string"],
        ...["bytes", "json", "bytes", "json", "string", "boolean", "datetime"],
      ] as const
    ).map((scalarType) => ({ scalarType, arity: "scalar" }));
    const blobs: RunBlobStore = {
      async insertRun(row) {
        if (!connection) await prisma.$connect();
        try {
          await (
            await connection!
          ).executeRaw({
            sql: insertSql,
            args: runArgs(row, row.submittedAt),
            argTypes: insertTypes,
          });
          return true;
        } catch (error) {
          if (adapterErrorKind(error) === "UniqueConstraintViolation") return false;
          throw error;
        }
      },
      async runForVerification(id) {
        const row = forVerification.get(id) as
          | {
              status: string;
              challengeId: string;
              config: string;
              claimed: string;
              weights: Buffer;
            }
          | undefined;
        if (!row) return null;
        return {
          status: row.status,
          challengeId: row.challengeId,
          config: JSON.parse(row.config),
          claimed: JSON.parse(row.claimed),
          weights: row.weights,
        };
      },
    };
    return {
      provider,
      prisma,
      blobs,
      ping: ping(prisma),
      async close() {
        await prisma.$disconnect();
        reader.close();
      },
    };
  }
  // The pool is ours (not the adapter's) so its state can be reported and its end bounded.
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
  });
  pool.on("error", (error) => options.logger?.warn({ err: error }, "postgresql connection lost"));
  const client = new PostgresClient({
    adapter: new PrismaPg(pool, {
      onConnectionError: (error) =>
        options.logger?.warn({ err: error }, "postgresql connection error"),
    }),
  });
  const prisma = client as unknown as Db;
  const blobs: RunBlobStore = {
    async insertRun(row) {
      try {
        await pool.query(
          insertRunSql((i) => `$${i + 1}`),
          // The column is a timestamp without time zone holding UTC, as Prisma writes it.
          runArgs(row, row.submittedAt.toISOString().slice(0, -1)),
        );
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code === "23505") return false;
        throw error;
      }
    },
    async runForVerification(id) {
      // pg returns bytea as a Buffer and jsonb parsed.
      const { rows } = await pool.query<RunBlobRow>(`${RUN_FOR_VERIFICATION}$1`, [id]);
      return rows[0] ?? null;
    },
  };
  return {
    provider,
    prisma,
    blobs,
    ping: ping(prisma),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await client.$disconnect();
      // A connection the server dropped mid-query may never be handed back: do not wait forever.
      await Promise.race([pool.end(), new Promise((r) => setTimeout(r, PG_CLOSE_TIMEOUT_MS))]);
    },
  };
}
