/**
 * Join limits for a hall behind one address: which limit refused is said, the address's ceiling
 * on wrong codes grows with the devices that joined from it, and 2,000 students behind one campus
 * NAT all join one session.
 */
import { describe, expect, it } from "vitest";
import { createJoinLimits, JOIN_LIMITS } from "../../../server/realtime/join-limits";

const devices = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}-${i}`);

describe("join limits", () => {
  it("says a device's own typos are the device's, and a network's many typos the address's", async () => {
    const limits = createJoinLimits(null);
    const clumsy = "clumsy";
    for (let i = 0; i < JOIN_LIMITS.failuresPerDevice.points; i++)
      expect(await limits.attempt(clumsy, "10.0.0.1")).toBeNull();
    expect(await limits.attempt(clumsy, "10.0.0.1")).toBe("device");
    // 41 devices x 5 typos from one address nobody joined from: past the address's 200.
    const refusals: (string | null)[] = [];
    for (const d of devices(41, "typo"))
      for (let i = 0; i < 5; i++) refusals.push(await limits.attempt(d, "10.0.0.2"));
    expect(refusals.filter((r) => r === null)).toHaveLength(JOIN_LIMITS.failuresPerAddress.points);
    expect(refusals.filter((r) => r === "address")).toHaveLength(5);
    // A fresh device that never mistyped is told it is the network, not the device.
    expect(await limits.attempt("fresh", "10.0.0.2")).toBe("address");
  });

  it("lets a hall that has joined mistype more: 2 more a minute for each device joined", async () => {
    const limits = createJoinLimits(null);
    for (const d of devices(100, "joined"))
      expect(await limits.join(d, "10.0.0.3", "s1")).toBeNull();
    const refusals: (string | null)[] = [];
    for (const d of devices(60, "typo"))
      for (let i = 0; i < 5; i++) refusals.push(await limits.attempt(d, "10.0.0.3"));
    // 300 typos under a ceiling of 200 + 2 x 100.
    expect(refusals.every((r) => r === null)).toBe(true);
  });

  it("lets 2,000 students behind one campus NAT join one session", async () => {
    const limits = createJoinLimits(null);
    let refused = 0;
    for (const d of devices(2_000, "hall")) {
      if (await limits.attempt(d, "10.0.0.4")) refused++;
      await limits.succeeded(d, "10.0.0.4");
      if (await limits.join(d, "10.0.0.4", "lecture")) refused++;
    }
    expect(refused).toBe(0);
  });
});
