/** Starts Vanishing Point: reads the environment once, builds the application and listens. */
import { createApplication } from "./app";
import { readEnv } from "./env";

const env = readEnv();
const dev = process.argv.includes("--dev") || env.NODE_ENV === "development";
// --no-web: Socket.IO and the auth routes only (process-level tests, extra realtime nodes).
const web = process.argv.includes("--no-web") ? false : { dev };
const app = await createApplication({
  databaseUrl: env.DATABASE_URL,
  authSecret: env.BETTER_AUTH_SECRET,
  baseURL: env.APP_URL,
  web,
  redisUrl: env.REDIS_URL,
  verifierThreads: env.VERIFIER_THREADS,
});
app.server.listen(env.PORT, env.HOST, () => {
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(
    `Vanishing Point listening on http://localhost:${port} (${dev ? "development" : "production"})`,
  );
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void app.close().finally(() => process.exit(0));
  });
}
