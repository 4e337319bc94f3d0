/** Runs `server/index.ts` as its own process, as `npm start` does (without the pages unless asked). */
import { spawn, type ChildProcess } from "node:child_process";
import { SPEC } from "../realtime/fixtures";
import { client, ok, signUpTeacher } from "../realtime/harness";

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface SpawnOptions {
  /**
   * Start it through the tsx CLI in a process group of its own, as `npm start` does; `kill` then
   * signals the whole group, as a terminal's Ctrl-C or a process manager does.
   */
  group?: boolean;
  /** Extra options for node (not through tsx's CLI), e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Serve the pages too (needs `npm run build` first). */
  web?: boolean;
}

export async function spawnServer(
  env: Record<string, string>,
  { group = false, nodeArgs = [], web = false }: SpawnOptions = {},
): Promise<ServerProcess> {
  const serverArgs = ["server/index.ts", ...(web ? [] : ["--no-web"])];
  const [command, args] = group
    ? ["node_modules/.bin/tsx", serverArgs]
    : [process.execPath, [...nodeArgs, "--import", "tsx", ...serverArgs]];
  const child = spawn(command, args, {
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: group,
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = () => {
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    kill: (signal) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        if (group) process.kill(-child.pid!, signal);
        else child.kill(signal);
      }),
  };
}

/**
 * A signed-up teacher's open session with one challenge (room for 20 submissions each) and one
 * student in it, on a running server: what the process tests start from.
 */
export async function openClass(url: string, email: string, title: string) {
  const cookie = await signUpTeacher(url, email);
  const teacher = await client(url, { cookie });
  const session = await ok(teacher, "session:create", { title });
  const challengeId = (
    await ok(teacher, "challenge:post", {
      sessionId: session.id,
      title: "C",
      spec: { ...SPEC, limits: { maxSubmissions: 20, timeLimitSec: null } },
    })
  ).id;
  await ok(teacher, "challenge:transition", { challengeId, action: "open" });
  const student = await client(url);
  const { rejoinToken } = await ok(student, "participant:join", {
    joinCode: session.joinCode!,
    nickname: "Ada",
  });
  return { cookie, teacher, student, challengeId, rejoinToken };
}
