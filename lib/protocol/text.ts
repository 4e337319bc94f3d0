/**
 * Strings the protocol accepts. JavaScript strings may hold lone UTF-16 surrogates, which no
 * database or JSON encoder can store faithfully; every string a client sends must be well-formed.
 */
import { z } from "zod";

/** True when `s` holds no lone surrogate (with the u flag, a paired surrogate is one code point). */
export const isWellFormed = (s: string): boolean => !/\p{Cs}/u.test(s);

const WELL_FORMED = "must be well-formed Unicode (no lone surrogates)";

/**
 * C0 and C1 control characters other than tab, line feed and carriage return. NUL is refused by
 * PostgreSQL's text type (SQLite would store it), and none of them is something a person types.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** The same, and line breaks and tabs too: for one-line text. */
const LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** Free text (prompts, notes): well-formed, no control characters but tabs and line breaks. */
export const text = () =>
  z
    .string()
    .refine(isWellFormed, WELL_FORMED)
    .refine((s) => !CONTROL.test(s), "must not contain control characters");

/** One line of text (titles): no control characters at all, line breaks included. */
export const line = () =>
  z
    .string()
    .refine(isWellFormed, WELL_FORMED)
    .refine((s) => !LINE_CONTROL.test(s), "must be one line without control characters");

/** Record ids: what the database generates (cuid and the auth library's ids). */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "an id is 1 to 64 letters, digits, _ or -");
