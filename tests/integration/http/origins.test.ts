/** The join link's address: JOIN_URL when set, else the teacher's, with the detected ones to pick. */
import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { clientAddress, createOriginPolicy } from "../../../server/http/origins";

const lan = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && a.family === "IPv4" && !a.internal)
  .map((a) => a!.address);
const at = (host: string) => ({ host });

describe("the address students open", () => {
  it("is JOIN_URL when set, trusted, and offered first", () => {
    const policy = createOriginPolicy({
      appUrl: null,
      joinUrl: "http://class.school.test:3000/",
      trustProxy: 0,
      extraOrigins: [],
    });
    expect(policy.publicOrigin(at("localhost:3000"))).toBe("http://class.school.test:3000");
    expect(policy.joinChoices(at("localhost:3000"))[0]).toBe("http://class.school.test:3000");
    expect(policy.isTrusted("http://class.school.test:3000", at("class.school.test:3000"))).toBe(
      true,
    );
    expect(policy.urls(3000).network).toEqual(["http://class.school.test:3000"]);
  });

  it("is the teacher's own address unless that is localhost, with every LAN address to pick", () => {
    const policy = createOriginPolicy({
      appUrl: null,
      trustProxy: 0,
      extraOrigins: ["http://classroom.test:3000"],
    });
    const named = policy.joinChoices(at("classroom.test:3000"));
    expect(named[0]).toBe("http://classroom.test:3000");
    // IPv4 addresses first (what a phone on the Wi-Fi most likely reaches), then IPv6.
    expect(named.slice(1, 1 + lan.length)).toEqual(lan.map((a) => `http://${a}:3000`));
    const local = policy.joinChoices(at("localhost:3000"));
    expect(local).not.toContain("http://localhost:3000");
    expect(policy.publicOrigin(at("localhost:3000"))).toBe(
      lan[0] ? `http://${lan[0]}:3000` : "http://localhost:3000",
    );
  });
});

describe("behind a reverse proxy (TRUST_PROXY = the number of proxies in front)", () => {
  const forwarded = (xff: string) => ({ "x-forwarded-for": xff });
  it.each<[string, number, string, string]>([
    ["no proxy trusted: the connection's address", 0, "6.6.6.6, 7.7.7.7", "10.0.0.1"],
    [
      "one proxy: the hop it added, whatever the client wrote before it",
      1,
      "6.6.6.6, 7.7.7.7",
      "7.7.7.7",
    ],
    ["one proxy, a client rotating its own first hop", 1, "1.2.3.4, 7.7.7.7", "7.7.7.7"],
    ["two proxies: the hop the outer one added", 2, "6.6.6.6, 7.7.7.7, 8.8.8.8", "7.7.7.7"],
    ["more proxies than hops: the leftmost", 3, "7.7.7.7", "7.7.7.7"],
  ])("%s", (_name, hops, xff, address) => {
    expect(clientAddress(forwarded(xff), "10.0.0.1", hops)).toBe(address);
  });

  it("never trusts an origin from forwarded headers alone", () => {
    const policy = createOriginPolicy({ appUrl: null, trustProxy: 1, extraOrigins: [] });
    const evil = {
      host: "class.school.test",
      "x-forwarded-host": "evil.test",
      origin: "http://evil.test",
    };
    expect(policy.isTrusted("http://evil.test", evil)).toBe(false);
    // The app's own name comes from APP_URL (or TRUSTED_ORIGINS), not from what the proxy forwards.
    const named = createOriginPolicy({
      appUrl: "https://class.school.test",
      trustProxy: 1,
      extraOrigins: [],
    });
    expect(
      named.isTrusted("https://class.school.test", { "x-forwarded-host": "class.school.test" }),
    ).toBe(true);
  });
});
