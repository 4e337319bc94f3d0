/** Challenges: the curriculum, constraint checks, scoring and ranking (pure, table-tested). */
export * from "./constraints";
export * from "./curriculum";
export * from "./scoring";
export * from "./spec";
