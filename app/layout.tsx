import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every page is rendered per request so that its scripts carry the request's CSP nonce (set by the
// server in server/http/edge.ts); a prerendered page would have none and its scripts would be blocked.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Vanishing Point",
  description:
    "A multiplayer classroom for learning, by experiment, why deep networks stop learning.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
