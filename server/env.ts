/** The server's environment, parsed once at start-up. */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./db/database";
import { LOG_LEVELS } from "./log";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** file:... for SQLite (the default), postgresql://... for PostgreSQL. */
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  /** Signs teacher sessions. When unset, one is generated and kept beside the SQLite database. */
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  /**
   * The public URL of the app, when it is served behind a reverse proxy, over HTTPS or under a DNS
   * name. Unset: the app is whatever address of this machine it is reached at (server/http/origins.ts).
   */
  APP_URL: z.url().optional(),
  /**
   * The address students' devices open (the join link and QR code), where this machine has several
   * (Docker, a VPN, two Wi-Fi interfaces: the first one found may be the wrong one). Its origin is
   * also trusted. Unset: the address the teacher opened, or this machine's first LAN address when
   * that was localhost; the dashboard lets the teacher pick among the detected ones.
   */
  JOIN_URL: z.url().optional(),
  /**
   * Behind reverse proxies that set X-Forwarded-For, -Host and -Proto: how many stand in front
   * ("true" is one, "false" none). The client's address is the hop the outermost one added.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, "true, false or a number of proxies")
    .default("false")
    .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v))),
  /** Comma-separated origins whose pages may also use the app. */
  TRUSTED_ORIGINS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  /** Enables the Socket.IO Redis Streams adapter for several server processes. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "a redis:// URL")
    .optional(),
  /** Worker threads verifying runs; default: one per core but one. */
  VERIFIER_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** How long a student may be away before their sweep slot goes to someone else. */
  SWEEP_RELEASE_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  /**
   * Lets teachers register an LTI platform whose URLs are plain http beyond this machine (a test
   * LMS on a private network). Off: https only, http to loopback.
   */
  LTI_ALLOW_HTTP: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** pino's levels; "silent" turns logging off. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
});

export type ServerEnv = Omit<z.infer<typeof envSchema>, "APP_URL" | "JOIN_URL"> & {
  BETTER_AUTH_SECRET: string;
  APP_URL: string | null;
  JOIN_URL: string | null;
};

/** A secret generated on first start and kept in data/, so sessions survive restarts. */
function localSecret(path: string): string {
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (!env.BETTER_AUTH_SECRET && env.DATABASE_URL.startsWith("postgres")) {
    throw new Error(
      "invalid environment:\n  BETTER_AUTH_SECRET: required with PostgreSQL (every node must share it)",
    );
  }
  return {
    ...env,
    BETTER_AUTH_SECRET: env.BETTER_AUTH_SECRET ?? localSecret(resolve("data/auth-secret")),
    APP_URL: env.APP_URL ?? null,
    JOIN_URL: env.JOIN_URL ?? null,
  };
}
