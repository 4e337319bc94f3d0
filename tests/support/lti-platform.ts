/**
 * A learning platform (an LMS) written to the LTI 1.3 specifications, for the tests: its own RS256
 * keys and JWKS, the OIDC auth endpoint a login redirects to (answering a page that posts the
 * signed id_token to the tool, as Moodle and Canvas do), an OAuth 2 token endpoint that checks the
 * tool's client assertion against the tool's JWKS, and line items' score endpoints recording what
 * they receive (and failing on demand). It listens on 127.0.0.1 only.
 */
import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
} from "jose";
import { CLAIMS, SESSION_PARAMETER } from "../../lib/lti/claims";
import { viaLoopback } from "./loopback";

const LTI = "https://purl.imsglobal.org/vocab/lis/v2/membership#";
export const ROLES = { learner: `${LTI}Learner`, instructor: `${LTI}Instructor` } as const;

export interface ReceivedScore {
  lineItem: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

export interface LaunchUser {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  roles: string[];
}

export interface SignOptions {
  /** Sign with a key the platform does not publish (under its published kid). */
  foreignKey?: boolean;
  /** Seconds from now the token expires (negative: already expired). */
  expiresIn?: number;
  /** Claims replaced or added after the defaults (undefined deletes one). */
  override?: Record<string, unknown>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req as AsyncIterable<Buffer>) text += chunk.toString("utf8");
  return text;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export class TestPlatform {
  readonly issuer: string;
  readonly clientId = `tool-${randomUUID().slice(0, 8)}`;
  readonly deploymentId = "deployment-1";
  readonly scores: ReceivedScore[] = [];
  readonly tokenRequests: { scope: string; ok: boolean; error?: string }[] = [];
  /** The signed deep-linking responses the tool returned (JWTs, unverified). */
  readonly deepLinks: string[] = [];
  /** The next this many score posts answer 503. */
  failScores = 0;
  /** Where the tool is (its JWKS checks client assertions; the browser launches go there). */
  toolUrl = "";
  /** What the browser's next launch (by login_hint) carries. */
  private readonly launches = new Map<string, Record<string, unknown>>();
  private readonly tokens = new Set<string>();

  private constructor(
    readonly url: string,
    private readonly server: ReturnType<typeof createServer>,
    private readonly kid: string,
    private readonly privateKey: CryptoKey,
    private readonly otherKey: CryptoKey,
    private readonly jwk: JWK,
  ) {
    this.issuer = `${url}/platform`;
  }

  static async start(): Promise<TestPlatform> {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const other = await generateKeyPair("RS256");
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
    let platform: TestPlatform | null = null;
    const server = createServer((req, res) => {
      platform!.handle(req).then(
        ({ status, type, body, headers }) => {
          res.writeHead(status, { "content-type": type, ...headers });
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(error));
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    platform = new TestPlatform(url, server, kid, privateKey, other.privateKey, jwk);
    return platform;
  }

  /** The registration a teacher enters in the tool. */
  registration() {
    return {
      issuer: this.issuer,
      clientId: this.clientId,
      deploymentIds: [this.deploymentId],
      authLoginUrl: `${this.url}/auth`,
      authTokenUrl: `${this.url}/token`,
      jwksUrl: `${this.url}/jwks`,
    };
  }

  lineItem(id: string): string {
    return `${this.url}/courses/1/lineitems/${id}/lineitem?type_id=7`;
  }

  /** A resource-link launch's claims for a user, opening a session, with a line item. */
  resourceLink(
    user: LaunchUser,
    options: { session?: string; lineItem?: string } = {},
  ): Record<string, unknown> {
    return {
      sub: user.sub,
      ...(user.name ? { name: user.name } : {}),
      ...(user.given_name ? { given_name: user.given_name } : {}),
      ...(user.family_name ? { family_name: user.family_name } : {}),
      ...(user.email ? { email: user.email } : {}),
      [CLAIMS.messageType]: "LtiResourceLinkRequest",
      [CLAIMS.version]: "1.3.0",
      [CLAIMS.deploymentId]: this.deploymentId,
      [CLAIMS.targetLinkUri]: `${this.toolUrl}/lti/launch`,
      [CLAIMS.roles]: user.roles,
      [CLAIMS.resourceLink]: { id: "resource-1", title: "Vanishing gradients" },
      [CLAIMS.context]: { id: "course-1", title: "Deep learning 101" },
      ...(options.session ? { [CLAIMS.custom]: { [SESSION_PARAMETER]: options.session } } : {}),
      ...(options.lineItem
        ? {
            [CLAIMS.endpoint]: {
              scope: [
                "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                "https://purl.imsglobal.org/spec/lti-ags/scope/score",
              ],
              lineitems: `${this.url}/courses/1/lineitems`,
              lineitem: options.lineItem,
            },
          }
        : {}),
    };
  }

  /** A deep-linking request's claims for an instructor. */
  deepLinking(user: LaunchUser, data = "opaque-platform-data"): Record<string, unknown> {
    return {
      sub: user.sub,
      name: user.name,
      [CLAIMS.messageType]: "LtiDeepLinkingRequest",
      [CLAIMS.version]: "1.3.0",
      [CLAIMS.deploymentId]: this.deploymentId,
      [CLAIMS.roles]: user.roles,
      [CLAIMS.context]: { id: "course-1", title: "Deep learning 101" },
      [CLAIMS.deepLinkingSettings]: {
        deep_link_return_url: `${this.url}/deep-link-return`,
        accept_types: ["ltiResourceLink"],
        accept_presentation_document_targets: ["window"],
        data,
      },
    };
  }

  /** Signs an id_token as this platform (or, with foreignKey, as an impostor under its kid). */
  async idToken(
    claims: Record<string, unknown>,
    nonce: string,
    options: SignOptions = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: this.issuer,
      aud: this.clientId,
      azp: this.clientId,
      iat: now,
      exp: now + (options.expiresIn ?? 300),
      nonce,
      ...claims,
      ...options.override,
    };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT" })
      .sign(options.foreignKey ? this.otherKey : this.privateKey);
  }

  /** Queues what the browser's launch as `loginHint` carries, and the address that starts it. */
  browserLaunch(loginHint: string, claims: Record<string, unknown>): string {
    this.launches.set(loginHint, claims);
    return `${this.url}/start?login_hint=${encodeURIComponent(loginHint)}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; type: string; body: string; headers?: Record<string, string> }> {
    const url = new URL(req.url ?? "/", this.url);
    const json = (status: number, body: unknown) => ({
      status,
      type: "application/json",
      body: JSON.stringify(body),
    });
    if (url.pathname === "/jwks") return json(200, { keys: [this.jwk] });
    if (url.pathname === "/start") {
      // Third-party initiated login: the browser is sent to the tool's login endpoint.
      const login = new URL(`${this.toolUrl}/lti/login`);
      login.searchParams.set("iss", this.issuer);
      login.searchParams.set("client_id", this.clientId);
      login.searchParams.set("login_hint", url.searchParams.get("login_hint") ?? "");
      login.searchParams.set("target_link_uri", `${this.toolUrl}/lti/launch`);
      login.searchParams.set("lti_deployment_id", this.deploymentId);
      return { status: 302, type: "text/plain", body: "", headers: { location: login.toString() } };
    }
    if (url.pathname === "/auth") {
      const q = url.searchParams;
      const claims = this.launches.get(q.get("login_hint") ?? "");
      if (
        !claims ||
        q.get("client_id") !== this.clientId ||
        q.get("response_type") !== "id_token" ||
        q.get("scope") !== "openid"
      )
        return { status: 400, type: "text/plain", body: "bad authentication request" };
      const token = await this.idToken(claims, q.get("nonce") ?? "");
      const html = `<!doctype html><title>Platform</title><form method="post" action="${escapeHtml(q.get("redirect_uri") ?? "")}"><input type="hidden" name="id_token" value="${token}"><input type="hidden" name="state" value="${escapeHtml(q.get("state") ?? "")}"><button>Continue</button></form><script>document.forms[0].submit()</script>`;
      return { status: 200, type: "text/html", body: html };
    }
    if (url.pathname === "/token" && req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      const scope = form.get("scope") ?? "";
      try {
        if (form.get("grant_type") !== "client_credentials") throw new Error("grant_type");
        if (
          form.get("client_assertion_type") !==
          "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        )
          throw new Error("client_assertion_type");
        const { payload } = await jwtVerify(
          form.get("client_assertion") ?? "",
          createRemoteJWKSet(new URL(`${viaLoopback(this.toolUrl).url}/lti/jwks`)),
          { issuer: this.clientId, subject: this.clientId, audience: `${this.url}/token` },
        );
        if (!payload.jti) throw new Error("jti");
        const token = randomUUID();
        this.tokens.add(token);
        this.tokenRequests.push({ scope, ok: true });
        return json(200, { access_token: token, token_type: "Bearer", expires_in: 3600, scope });
      } catch (error) {
        this.tokenRequests.push({ scope, ok: false, error: String(error) });
        return json(400, { error: "invalid_client" });
      }
    }
    if (url.pathname === "/deep-link-return" && req.method === "POST") {
      const jwt = new URLSearchParams(await readBody(req)).get("JWT");
      if (!jwt) return { status: 400, type: "text/plain", body: "no JWT" };
      this.deepLinks.push(jwt);
      return {
        status: 200,
        type: "text/html",
        body: "<!doctype html><title>Course</title><h1>Activity added to the course</h1>",
      };
    }
    const scores = /^\/courses\/1\/lineitems\/([\w-]+)\/lineitem\/scores$/.exec(url.pathname);
    if (scores && req.method === "POST") {
      const authorization = req.headers.authorization;
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      if (!authorization || !this.tokens.has(authorization.replace(/^Bearer /, "")))
        return json(401, { error: "invalid token" });
      if (this.failScores > 0) {
        this.failScores--;
        return { status: 503, type: "text/plain", body: "down for maintenance" };
      }
      this.scores.push({
        lineItem: `${this.url}${url.pathname.replace(/\/scores$/, "")}${url.search}`,
        authorization,
        contentType: req.headers["content-type"],
        body,
      });
      return json(200, {});
    }
    return { status: 404, type: "text/plain", body: "not found" };
  }
}

/** What a form post or a GET to the tool answered (no redirect followed). */
export interface ToolAnswer {
  status: number;
  location: string | undefined;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A request to the tool through node:http (any Host), redirects not followed. */
export function toolRequest(
  url: string,
  options: {
    method?: string;
    form?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<ToolAnswer> {
  const target = viaLoopback(url);
  const data = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      target.url + (new URL(url).search || ""),
      {
        method: options.method ?? (data ? "POST" : "GET"),
        headers: {
          ...(target.host ? { host: target.host } : {}),
          ...(data
            ? {
                "content-type": "application/x-www-form-urlencoded",
                "content-length": String(Buffer.byteLength(data)),
              }
            : {}),
          ...options.headers,
        },
      },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            body,
            headers: res.headers,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

/**
 * A launch as the platform makes it, from Node: the login initiation (the tool answers a redirect
 * to the platform's auth URL with a state and a nonce), then the id_token posted to the tool.
 */
export async function launch(
  platform: TestPlatform,
  claims: Record<string, unknown>,
  options: SignOptions & { reuse?: { state: string; idToken: string } } = {},
): Promise<ToolAnswer & { state: string; nonce: string; idToken: string }> {
  let state: string;
  let nonce: string;
  let idToken: string;
  if (options.reuse) {
    ({ state, idToken } = options.reuse);
    nonce = "";
  } else {
    const login = new URL(`${platform.toolUrl}/lti/login`);
    login.searchParams.set("iss", platform.issuer);
    login.searchParams.set("client_id", platform.clientId);
    login.searchParams.set("login_hint", String(claims.sub));
    login.searchParams.set("target_link_uri", `${platform.toolUrl}/lti/launch`);
    const started = await toolRequest(login.toString());
    if (started.status !== 302 || !started.location)
      throw new Error(`login answered ${started.status}: ${started.body}`);
    const auth = new URL(started.location);
    state = auth.searchParams.get("state")!;
    nonce = auth.searchParams.get("nonce")!;
    idToken = await platform.idToken(claims, nonce, options);
  }
  const answer = await toolRequest(`${platform.toolUrl}/lti/launch`, {
    form: { id_token: idToken, state },
  });
  return { ...answer, state, nonce, idToken };
}
