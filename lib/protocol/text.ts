/**
 * Strings the protocol accepts. JavaScript strings may hold lone UTF-16 surrogates, which no
 * database or JSON encoder can store faithfully; every string a client sends must be well-formed.
 */
import { z } from "zod";

/** True when `s` holds no lone surrogate (with the u flag, a paired surrogate is one code point). */
export const isWellFormed = (s: string): boolean => !/\p{Cs}/u.test(s);

const WELL_FORMED = "must be well-formed Unicode (no lone surrogates)";

/** Free text (titles, prompts, notes). */
export const text = () => z.string().refine(isWellFormed, WELL_FORMED);

/** Record ids: what the database generates (cuid and the auth library's ids). */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "an id is 1 to 64 letters, digits, _ or -");
