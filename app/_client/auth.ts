"use client";
/** better-auth's browser client: teacher sign-up, sign-in, sign-out and the current session. */
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
