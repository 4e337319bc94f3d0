/**
 * Text that a reader cannot read whole: clipped by a box that hides its overflow, cut by an
 * ellipsis, running off the page sideways, or lying over other text. Measured in the page on the
 * rendered line boxes of every visible text node (screen-reader-only text and form options aside).
 */
import type { Page } from "@playwright/test";

export interface LayoutProblem {
  kind: "clipped" | "ellipsis" | "page-overflow" | "overlap";
  text: string;
  detail: string;
}

export function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(() => {
    const problems: { kind: string; text: string; detail: string }[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) {
      // Name the innermost boxes that reach past the viewport's edge.
      const wide = [...document.body.querySelectorAll("*")].filter((e) => {
        const r = e.getBoundingClientRect();
        return r.right > window.innerWidth + 1 && r.width > 0;
      });
      const innermost = wide
        .filter((e) => !wide.some((o) => o !== e && e.contains(o)))
        .slice(0, 4)
        .map((e) => `<${e.tagName.toLowerCase()} class="${e.getAttribute("class") ?? ""}">`);
      problems.push({
        kind: "page-overflow",
        text: "",
        detail: `page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px viewport: ${innermost.join(", ")}`,
      });
    }

    const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "OPTION", "TITLE"]);
    const hidden = (el: Element) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0)
          return true;
        const r = e.getBoundingClientRect();
        // Screen-reader-only text: a 1px box that clips on purpose.
        if (r.width <= 1 || r.height <= 1) return true;
        if (e.tagName === "DETAILS" && !(e as HTMLDetailsElement).open) {
          // Only the summary of a closed <details> is shown.
          if (!el.closest("summary")) return true;
        }
      }
      return false;
    };
    const label = (t: string) => t.trim().replace(/\s+/g, " ").slice(0, 60);

    const boxes: { rect: DOMRect; node: Text; text: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const node = n as Text;
      const el = node.parentElement;
      if (!el || !node.data.trim() || SKIP.has(el.tagName) || el.closest("svg title")) continue;
      if (hidden(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
      const text = label(node.data);
      for (const rect of rects) boxes.push({ rect, node, text });

      // Clipped: an ancestor that hides overflow does not hold the text's line boxes.
      for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        const clipsX = s.overflowX === "hidden" || s.overflowX === "clip";
        const clipsY = s.overflowY === "hidden" || s.overflowY === "clip";
        if (!clipsX && !clipsY) continue;
        const box = a.getBoundingClientRect();
        const out = rects.find(
          (r) =>
            (clipsX && (r.left < box.left - 1 || r.right > box.right + 1)) ||
            (clipsY && (r.top < box.top - 1 || r.bottom > box.bottom + 1)),
        );
        if (out) {
          problems.push({
            kind: "clipped",
            text,
            detail: `by <${a.tagName.toLowerCase()} class="${a.className}">`,
          });
          break;
        }
      }
      const s = getComputedStyle(el);
      if (s.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1)
        problems.push({ kind: "ellipsis", text, detail: `<${el.tagName.toLowerCase()}>` });
    }

    // Overlap: line boxes of two different text nodes that cross by more than 2px both ways.
    boxes.sort((a, b) => a.rect.top - b.rect.top);
    const reported = new Set<string>();
    for (let i = 0; i < boxes.length; i++) {
      const a = boxes[i]!;
      for (let j = i + 1; j < boxes.length; j++) {
        const b = boxes[j]!;
        if (b.rect.top >= a.rect.bottom - 2) break;
        if (a.node === b.node) continue;
        const dx = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const dy = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        if (dx <= 2 || dy <= 2) continue;
        const key = `${a.text}|${b.text}`;
        if (reported.has(key)) continue;
        reported.add(key);
        problems.push({ kind: "overlap", text: a.text, detail: `over "${b.text}"` });
      }
    }
    return problems as LayoutProblem[];
  });
}
