import { beforeAll } from "vitest";
import { selectBackend } from "../server/engine/backend";

// Engine tests run on the pure-JS CPU backend unless a test switches backend itself.
beforeAll(async () => {
  await selectBackend("cpu");
});
