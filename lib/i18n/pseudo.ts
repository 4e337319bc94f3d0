/**
 * The pseudo-locale: every catalog text accented and made about 40% longer, with its ICU arguments,
 * plurals, selects and tags kept, so a screenshot shows at once which text is not from a catalog
 * (plain ASCII) and which box clips or overlaps when a language runs long.
 */
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { printAST } from "@formatjs/icu-messageformat-parser/printer.js";

const ACCENTS: Readonly<Record<string, string>> = Object.fromEntries(
  [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((c, i) => [
    c,
    [..."àƀçđéƒĝĥíĵķĺɱñóƥʠŕšŧúṽŵẋýžÀƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤɊŔŠŦÚṼŴẊÝŽ"][i]!,
  ]),
);

/** How much longer a pseudo-localized text is than its English. */
export const PSEUDO_GROWTH = 0.4;

const accent = (text: string) => [...text].map((c) => ACCENTS[c] ?? c).join("");

function pseudoElements(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    if (element.type === TYPE.literal) return { ...element, value: accent(element.value) };
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      const options = Object.fromEntries(
        Object.entries(element.options).map(([key, option]) => [
          key,
          { ...option, value: pseudoElements(option.value) },
        ]),
      );
      return { ...element, options } as MessageFormatElement;
    }
    if (element.type === TYPE.tag)
      return { ...element, children: pseudoElements(element.children) };
    return element;
  });
}

/** Letters in a message's literal text (what a reader sees of it, arguments aside). */
function literalLength(elements: MessageFormatElement[]): number {
  let n = 0;
  for (const element of elements) {
    if (element.type === TYPE.literal) n += element.value.length;
    else if (element.type === TYPE.tag) n += literalLength(element.children);
    else if (element.type === TYPE.plural || element.type === TYPE.select)
      n += Math.max(0, ...Object.values(element.options).map((o) => literalLength(o.value)));
  }
  return n;
}

/** One message in the pseudo-locale: [accented text ·····], 40% longer than the original. */
export function pseudoMessage(message: string): string {
  const ast = parse(message, { ignoreTag: false, requiresOtherClause: false });
  const padding = Math.max(1, Math.round(PSEUDO_GROWTH * literalLength(ast)) - 2);
  // printAST escapes the apostrophes and braces it must; the pads are plain literal text.
  return `[${printAST(pseudoElements(ast))}${" ·".repeat(Math.ceil(padding / 2)).slice(0, padding)}]`;
}

export type Messages = { [key: string]: string | Messages };

export function pseudoCatalog(messages: Messages): Messages {
  return Object.fromEntries(
    Object.entries(messages).map(([key, value]) => [
      key,
      typeof value === "string" ? pseudoMessage(value) : pseudoCatalog(value),
    ]),
  );
}
