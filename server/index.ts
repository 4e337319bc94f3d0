/** Starts Vanishing Point: reads the environment once and listens. */
import { createApplication } from "./app";
import { readEnv } from "./env";

const env = readEnv();
const dev = process.argv.includes("--dev") || env.NODE_ENV === "development";
const server = await createApplication({ dev });
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(
    `Vanishing Point listening on http://localhost:${port} (${dev ? "development" : "production"})`,
  );
});
