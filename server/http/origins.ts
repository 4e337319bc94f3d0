/**
 * Which origins are the app's own. With APP_URL set (a reverse proxy, HTTPS, a DNS name) that one
 * alone. Unset, the app is whatever address it was reached at on this machine: a page may use it
 * when its Origin is the very origin its request addressed (Host; X-Forwarded-Host and -Proto only
 * behind a trusted proxy) and that host is one of this machine's names or addresses, so a teacher
 * can open it at localhost, 127.0.0.1 or the LAN address alike while pages elsewhere, including
 * ones that rebind their own name to this machine, cannot.
 */
import type { IncomingHttpHeaders } from "node:http";
import { hostname, networkInterfaces } from "node:os";

export interface OriginOptions {
  /** APP_URL: the public URL, or null to take each request's own address. */
  appUrl: string | null;
  /** JOIN_URL: the address students open, chosen explicitly; trusted too. */
  joinUrl?: string | null;
  /**
   * TRUST_PROXY: how many reverse proxies stand in front (0: none). With one or more, the client's
   * address is the X-Forwarded-For hop the outermost of them added, and X-Forwarded-Host and -Proto
   * say which address a request was sent to; an origin is still trusted only when it is one of this
   * machine's names, APP_URL, JOIN_URL or in TRUSTED_ORIGINS, never on forwarded headers alone.
   */
  trustProxy: number;
  /** More origins to trust (TRUSTED_ORIGINS). */
  extraOrigins: string[];
}

export interface OriginPolicy {
  /** The origin a request addressed, or null without a Host. */
  addressed(headers: IncomingHttpHeaders | Headers): string | null;
  isTrusted(origin: string, headers: IncomingHttpHeaders | Headers): boolean;
  /** Where students' devices should open the app, for a request from the teacher's page. */
  publicOrigin(headers: IncomingHttpHeaders | Headers): string | null;
  /**
   * The addresses a student's device might open, for the teacher to pick from: the chosen one
   * first, then the one the teacher used (unless it is loopback), then every LAN address found.
   */
  joinChoices(headers: IncomingHttpHeaders | Headers): string[];
  /** This machine's addresses on a port, to print at start-up. */
  urls(port: number): { local: string; network: string[] };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Non-internal interface addresses, IPv4 first (what a phone on the Wi-Fi can reach). */
function lanAddresses(): string[] {
  const all = Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => a !== undefined && !a.internal);
  return [
    ...all.filter((a) => a.family === "IPv4").map((a) => a.address),
    ...all
      .filter((a) => a.family === "IPv6" && !a.address.startsWith("fe80"))
      .map((a) => `[${a.address}]`),
  ];
}

function machineNames(): Set<string> {
  const name = hostname().toLowerCase();
  return new Set([
    ...LOOPBACK,
    name,
    `${name}.local`,
    ...lanAddresses().map((a) => a.toLowerCase()),
  ]);
}

function header(headers: IncomingHttpHeaders | Headers, name: string): string | undefined {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(",")[0]?.trim() || undefined;
}

function parse(origin: string): URL | null {
  try {
    return new URL(origin);
  } catch {
    return null;
  }
}

export function createOriginPolicy(options: OriginOptions): OriginPolicy {
  const fixed = options.appUrl ? new URL(options.appUrl).origin : null;
  const join = options.joinUrl ? new URL(options.joinUrl).origin : null;
  const extras = new Set(
    [...options.extraOrigins, ...(join ? [join] : [])].map((o) => new URL(o).origin),
  );

  const addressed = (headers: IncomingHttpHeaders | Headers) => {
    const behind = options.trustProxy > 0;
    const host = (behind && header(headers, "x-forwarded-host")) || header(headers, "host");
    if (!host) return null;
    const proto = (behind && header(headers, "x-forwarded-proto")) || "http";
    return parse(`${proto.toLowerCase()}://${host}`)?.origin ?? null;
  };

  const publicOrigin = (headers: IncomingHttpHeaders | Headers): string | null => {
    if (join) return join;
    if (fixed) return fixed;
    const own = addressed(headers);
    if (own === null) return null;
    const url = new URL(own);
    const lan = lanAddresses()[0];
    // localhost on the teacher's laptop is no address for a student's phone.
    if (!LOOPBACK.has(url.hostname) || !lan) return own;
    return `${url.protocol}//${lan}${url.port ? `:${url.port}` : ""}`;
  };

  return {
    addressed,
    isTrusted(origin, headers) {
      if (extras.has(origin)) return true;
      if (fixed) return origin === fixed;
      const own = addressed(headers);
      if (own === null || origin !== own) return false;
      return machineNames().has(new URL(own).hostname.toLowerCase());
    },
    publicOrigin,
    joinChoices(headers) {
      const chosen = publicOrigin(headers);
      const own = addressed(headers);
      const port = own ? new URL(own).port : "";
      const choices = [
        ...(chosen ? [chosen] : []),
        ...(own && !LOOPBACK.has(new URL(own).hostname) ? [own] : []),
        ...(fixed ? [] : lanAddresses().map((a) => `http://${a}${port ? `:${port}` : ""}`)),
      ];
      return [...new Set(choices)];
    },
    urls(port) {
      return {
        local: fixed ?? `http://localhost:${port}`,
        network: join ? [join] : fixed ? [] : lanAddresses().map((a) => `http://${a}:${port}`),
      };
    },
  };
}

/**
 * The client's address: the connection's, or behind `hops` trusted proxies the X-Forwarded-For
 * entry the outermost of them appended (counting from the right: each proxy appends the address it
 * was reached from, and anything to the left of that was written by the client, who may write
 * anything). Fewer entries than proxies: the leftmost.
 */
export function clientAddress(
  headers: IncomingHttpHeaders,
  remote: string | undefined,
  hops: number,
): string {
  const raw = hops > 0 ? headers["x-forwarded-for"] : undefined;
  const chain = (Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return remote ?? "unknown";
  return chain[Math.max(0, chain.length - hops)]!;
}
