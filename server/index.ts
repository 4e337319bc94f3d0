/** Starts Vanishing Point: reads the environment once, builds the application and listens. */
import { createApplication } from "./app";
import { readEnv } from "./env";
import { createLogger } from "./log";

const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);
const dev = process.argv.includes("--dev") || env.NODE_ENV === "development";
// --no-web: Socket.IO and the auth routes only (process-level tests, extra realtime nodes).
const web = process.argv.includes("--no-web") ? false : { dev };
// A failure before the server listens is a broken install or configuration: it exits (code 1).
const app = await createApplication({
  databaseUrl: env.DATABASE_URL,
  authSecret: env.BETTER_AUTH_SECRET,
  appUrl: env.APP_URL,
  joinUrl: env.JOIN_URL,
  trustProxy: env.TRUST_PROXY,
  trustedOrigins: env.TRUSTED_ORIGINS,
  web,
  redisUrl: env.REDIS_URL,
  verifierThreads: env.VERIFIER_THREADS,
  sweepReleaseMs: env.SWEEP_RELEASE_MS,
  ltiAllowHttp: env.LTI_ALLOW_HTTP,
  logger,
});
app.server.listen(env.PORT, env.HOST, () => {
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  // Once serving, one request's unexpected failure must not take the class down with it: it is
  // logged with what it carried, and the process keeps serving everyone else.
  process.on("unhandledRejection", (reason) =>
    logger.error({ err: reason }, "unhandled rejection (the server keeps serving)"),
  );
  process.on("uncaughtException", (error) =>
    logger.error({ err: error }, "uncaught exception (the server keeps serving)"),
  );
  const { local, network } = app.origins.urls(port);
  const lines = [
    `Vanishing Point listening on http://localhost:${port} (${dev ? "development" : "production"})`,
    `  Local:   ${local}`,
    ...(env.HOST === "127.0.0.1" || env.HOST === "localhost"
      ? ["  (only this machine can reach it: set HOST=0.0.0.0 for students' devices)"]
      : network.map(
          (url, i) =>
            `  Network: ${url}${i === 0 ? "   <- students open this (or the QR code)" : ""}`,
        )),
  ];
  console.log(lines.join("\n"));
});

/** A shutdown that has not finished by then exits anyway (a stuck connection must not hold it). */
const SHUTDOWN_TIMEOUT_MS = 10_000;

// A process group's signal reaches this process twice when started through tsx (once from the
// group, once relayed by tsx): the first starts the drain, the others are ignored.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "draining");
    const timer = setTimeout(() => {
      logger.warn("shutdown timed out: exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    void app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
