/**
 * The composition root: one HTTP server that serves the Next.js app (and, with the class server,
 * Socket.IO on the same port).
 */
import { createServer, type Server } from "node:http";
import next from "next";

export interface AppOptions {
  dev: boolean;
  dir?: string;
}

export async function createApplication(options: AppOptions): Promise<Server> {
  const nextApp = next({ dev: options.dev, dir: options.dir ?? process.cwd() });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();
  return createServer((req, res) => {
    void handle(req, res);
  });
}
