/** The join link's address: JOIN_URL when set, else the teacher's, with the detected ones to pick. */
import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { createOriginPolicy } from "../../../server/http/origins";

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
      trustProxy: false,
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
      trustProxy: false,
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
