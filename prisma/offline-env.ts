/**
 * Environment for the Prisma CLI on machines that cannot reach Prisma's engine downloads: pointing
 * the engine variables at any existing file stops the CLI from downloading; the query compiler and
 * schema engine then run from the WASM files inside the npm packages.
 */
export const PRISMA_OFFLINE_ENV: Record<string, string> = {
  PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
  PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
  PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: "1",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
