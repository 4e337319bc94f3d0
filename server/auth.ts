/**
 * Teacher accounts: email and password through better-auth (its own password hashing and session
 * tokens), stored with Prisma, in an httpOnly session cookie (Secure when the app is served over
 * HTTPS). The Socket.IO handshake reads the same cookie (see realtime/io.ts).
 */
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { serializeSignedCookie } from "better-call";
import type { Db } from "./db/database";
import type { Provider } from "./db/migrate";

export const MIN_PASSWORD_LENGTH = 8;

/**
 * The server writes the connection's address into this header on every auth request (replacing any
 * value a client sent), so the library's per-address rate limits see real addresses.
 */
export const CLIENT_ADDRESS_HEADER = "x-vanishing-point-client";

export function createAuth(
  db: Db,
  options: {
    provider: Provider;
    secret: string;
    baseURL: string;
    /** The origins whose pages may call the auth routes, per request (baseURL's is always one). */
    trustedOrigins: (request?: Request) => string[];
    /** Called when a teacher's session ends (sign-out, revocation): its sockets must close. */
    onSessionEnded?: (authSessionId: string) => void;
  },
) {
  return betterAuth({
    database: prismaAdapter(db, { provider: options.provider }),
    secret: options.secret,
    baseURL: options.baseURL,
    basePath: "/api/auth",
    trustedOrigins: options.trustedOrigins,
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, autoSignIn: true },
    user: { modelName: "teacher" },
    session: { modelName: "authSession" },
    account: { modelName: "authAccount" },
    verification: { modelName: "authVerification" },
    databaseHooks: {
      session: {
        delete: { after: async (session) => options.onSessionEnded?.(session.id) },
      },
    },
    // Failed sign-ins are rate-limited per address by the library (in memory on each node).
    rateLimit: { enabled: true, window: 60, max: 30 },
    telemetry: { enabled: false },
    advanced: {
      // The library turns its origin check off when NODE_ENV is "test"; ours is always on, so
      // tests exercise what a class gets.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      useSecureCookies: options.baseURL.startsWith("https:"),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * Signs a teacher in as the server (their learning platform vouched for them in an LTI launch):
 * a new session through the library's own adapter, and its cookie as the library writes it (name,
 * attributes, signature). Returns the Set-Cookie header.
 */
export async function serverSignIn(auth: Auth, teacherId: string): Promise<string> {
  const context = await auth.$context;
  const session = await context.internalAdapter.createSession(teacherId);
  const cookie = context.authCookies.sessionToken;
  return serializeSignedCookie(cookie.name, session.token, context.secret, {
    ...cookie.attributes,
    maxAge: context.sessionConfig.expiresIn,
  });
}
