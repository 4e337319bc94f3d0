/**
 * Prisma CLI config for the embedded SQLite database. `engine: "js"` runs the schema engine in WASM
 * over the driver adapter, so migrations need no downloaded engine binary.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  adapter: async () =>
    new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? "file:./data/vanishing-point.db" }),
});
