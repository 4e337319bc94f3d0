/** Raw HTTP/1.1 over a TCP socket, for requests fetch() refuses to send (malformed hosts, TRACE). */
import { connect } from "node:net";

export interface RawResponse {
  /** null when the server never answered within the timeout. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
}

function unchunk(raw: string): string {
  let out = "";
  let rest = raw;
  for (;;) {
    const eol = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/** Sends `request` as is (use \r\n line ends) and reads the answer until the server closes. */
export function rawRequest(url: string, request: string, timeoutMs = 5_000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let data = "";
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const [head = "", ...rest] = data.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(":");
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      let body = rest.join("\r\n\r\n");
      if (headers["transfer-encoding"] === "chunked") body = unchunk(body);
      resolve({ status: status ? Number(status) : null, headers, body });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("data", (chunk: Buffer) => (data += chunk.toString("latin1")));
    socket.on("close", finish);
    socket.on("error", finish);
  });
}

/** A GET (or another method) with the given target and headers, closing the connection after. */
export function rawGet(
  url: string,
  target: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<RawResponse> {
  const host = new URL(url).host;
  const lines = [`${method} ${target} HTTP/1.1`];
  const all = { host, connection: "close", ...headers };
  for (const [name, value] of Object.entries(all)) lines.push(`${name}: ${value}`);
  return rawRequest(url, `${lines.join("\r\n")}\r\n\r\n`);
}
