/** A real server on port 0 over a throwaway database, and real socket.io-client peers. */
import type { GradeOptions } from "../../../server/lti/grades";
import type { AddressInfo } from "node:net";
import { createApplication, type Application } from "../../../server/app";
import type { Provider } from "../../../server/db/migrate";
import { throwawayDatabase, type Throwaway } from "../db/throwaway";
import { createLogger } from "../../../server/log";
import type { AdmissionLimits } from "../../../server/realtime/admission";

export * from "../../support/sockets";

export interface TestServer {
  url: string;
  app: Application;
  throwaway: Throwaway;
  close(): Promise<void>;
}

export async function startServer(
  provider: Provider,
  options: {
    leaderboardFlushMs?: number;
    /** The app's public URL; null: derived from each request, as with APP_URL unset. */
    baseURL?: string | null;
    redisUrl?: string;
    sweepReleaseMs?: number;
    ltiGrades?: GradeOptions;
    admission?: AdmissionLimits;
  } = {},
): Promise<TestServer> {
  const throwaway = await throwawayDatabase(provider);
  const app = await createApplication({
    databaseUrl: throwaway.url,
    authSecret: "test-secret-that-is-at-least-32-characters-long",
    appUrl: options.baseURL === undefined ? "http://localhost" : options.baseURL,
    redisUrl: options.redisUrl,
    web: false,
    leaderboardFlushMs: options.leaderboardFlushMs,
    sweepReleaseMs: options.sweepReleaseMs,
    ...(options.ltiGrades ? { ltiGrades: options.ltiGrades } : {}),
    // The server shares this process's event loop with the tests' own training and clients: its
    // lateness is theirs, so admission control is off unless a test asks for it.
    admission: options.admission ?? { maxLagMs: Infinity, maxCalls: Infinity },
    logger: createLogger(process.env.TEST_SERVER_LOG ? "debug" : "silent"),
  });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    app,
    throwaway,
    async close() {
      await app.close();
      await throwaway.drop();
    },
  };
}
