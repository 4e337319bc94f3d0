/** This machine's first LAN address: what a student's device on the room's Wi-Fi would open. */
import { networkInterfaces } from "node:os";

export function lanAddress(): string {
  return (
    Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address ?? "127.0.0.1"
  );
}
