/**
 * What each page costs to open, per language: the JavaScript it loads before any interaction
 * (gzipped, as it crosses the room's Wi-Fi) and its HTML document (gzipped; it carries the page's
 * message catalog in the language asked for). A signed-in teacher and a joined student open the
 * home page, the lab, the teacher's home, the dashboard, the projector and the report. Needs
 * `npm run build` first (npm run bench:pages does it).
 *
 *   npm run bench:pages [-- --locales en,es,de,ar]
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium, type BrowserContext } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";
import { client, ok, signUpTeacher } from "../support/sockets";

const { values } = parseArgs({
  options: { locales: { type: "string", default: "en,es,de,ar" } },
});
const LOCALES = values.locales!.split(",");
const PORT = 3292;
const BASE = `http://127.0.0.1:${PORT}`;

const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(PORT),
    DATABASE_URL: `file:${join(tmpdir(), `vanishing-point-pages-bench-${Date.now()}.db`)}`,
    BETTER_AUTH_SECRET: "pages-benchmark-secret-of-32-characters-or-more",
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve, reject) => {
  server.stdout!.on("data", (d: Buffer) => d.toString().includes("listening") && resolve());
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});

const cookie = await signUpTeacher(BASE, `pages-bench-${Date.now()}@school.test`, {
  origin: BASE,
});
const teacher = await client(BASE, { cookie, origin: BASE });
const session = await ok(teacher, "session:create", { title: "Page weight" });
for (const templateKey of ["vanishing-sigmoid", "predict-sigmoid"]) {
  const c = await ok(teacher, "challenge:post", { sessionId: session.id, templateKey });
  await ok(teacher, "challenge:transition", { challengeId: c.id, action: "open" });
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

/** Gzipped bytes of the page's scripts and of its document, once the page has settled. */
async function weigh(context: BrowserContext, path: string) {
  const page = await context.newPage();
  const scripts = new Map<string, Buffer>();
  let html: Buffer = Buffer.alloc(0);
  page.on("response", async (res) => {
    const type = res.request().resourceType();
    if (type !== "script" && type !== "document") return;
    const body = await res.body().catch(() => null);
    if (!body) return;
    if (type === "document") html = body;
    else scripts.set(res.url(), body);
  });
  await page.goto(`${BASE}${path}`);
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
  await page.close();
  const gz = (b: Buffer) => gzipSync(b).length;
  return {
    jsKb: [...scripts.values()].reduce((n, b) => n + gz(b), 0) / 1024,
    htmlKb: gz(html) / 1024,
  };
}

const rows: string[][] = [];
for (const locale of LOCALES) {
  const cookies = (extra: string) =>
    [`vp_locale=${locale}`, extra]
      .filter(Boolean)
      .join("; ")
      .split("; ")
      .map((pair) => {
        const at = pair.indexOf("=");
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: BASE };
      });
  const teacherContext = await browser.newContext();
  await teacherContext.addCookies(cookies(cookie));
  const studentContext = await browser.newContext();
  await studentContext.addCookies(cookies(""));
  // The student joins in the page, so the lab opens as theirs.
  const join = await studentContext.newPage();
  await join.goto(`${BASE}/join/${session.joinCode}`);
  await join.locator('input[name="nickname"]').fill(`S${locale}`);
  await join.locator('form.join button[type="submit"]').click();
  await join.waitForURL(/\/class\//);
  const lab = new URL(join.url()).pathname;
  await join.close();
  for (const [name, context, path] of [
    ["home", studentContext, "/"],
    ["lab", studentContext, lab],
    ["teacher home", teacherContext, "/teacher"],
    ["dashboard", teacherContext, `/teacher/session/${session.id}`],
    ["projector", teacherContext, `/teacher/session/${session.id}/present`],
    ["report", teacherContext, `/teacher/session/${session.id}/report`],
  ] as const) {
    const { jsKb, htmlKb } = await weigh(context, path);
    rows.push([locale, name, jsKb.toFixed(1), htmlKb.toFixed(1)]);
  }
  await teacherContext.close();
  await studentContext.close();
}

console.log("locale  page           JS gzip KB  HTML gzip KB");
for (const [locale, name, js, html] of rows)
  console.log(
    `${locale!.padEnd(7)} ${name!.padEnd(14)} ${js!.padStart(10)}  ${html!.padStart(12)}`,
  );

teacher.disconnect();
await browser.close();
server.kill();
