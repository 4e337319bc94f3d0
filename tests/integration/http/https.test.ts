/**
 * Behind HTTPS (APP_URL https://...): the teacher's cookie is Secure, and browsers are told to stay
 * on HTTPS. (Its own file: the auth library limits sign-ups per address per process.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../realtime/harness";

describe("served over HTTPS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer("sqlite", { baseURL: "https://class.school.test" });
  });
  afterAll(async () => {
    await server.close();
  });

  it("sets the teacher's session cookie Secure and HttpOnly", async () => {
    const res = await fetch(`${server.url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://class.school.test" },
      body: JSON.stringify({
        email: "tls@school.test",
        password: "correct horse battery",
        name: "T",
      }),
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) {
      expect(c).toMatch(/;\s*Secure/i);
      expect(c).toMatch(/;\s*HttpOnly/i);
    }
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });
});
