/**
 * Prisma CLI config for PostgreSQL. The WASM schema engine generates migration SQL here
 * (`migrate diff`); applying it uses server/db/migrate.ts, since Prisma's migrate commands fail on
 * PostgreSQL through this route (prisma/orm#27403).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  adapter: async () =>
    new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
    }),
});
