/**
 * The few pages LTI answers itself, outside the Next.js app: a refused launch (what went wrong and
 * what to do), the deep-linking picker, and the form that returns the chosen link to the platform.
 * Plain HTML with no script: a launch arrives as a cross-site form post, before any app state.
 */
import type { ServerResponse } from "node:http";

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const STYLE = `body{font:18px/1.5 system-ui,sans-serif;margin:0;background:#f6f7fb;color:#1b1f2a}
main{max-width:40rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.6rem;margin-top:0}p.why{color:#6b2020;background:#fdecec;padding:.75rem 1rem;border-radius:8px}
ul{list-style:none;padding:0}li{margin:.5rem 0}
button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #2b4ccf;background:#2b4ccf;color:#fff;cursor:pointer;width:100%;text-align:start}
button small{display:block;opacity:.85}`;

function page(res: ServerResponse, status: number, title: string, body: string, formTo?: string) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)} · Vanishing Point</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
  if (formTo) {
    // The return form posts to the platform: the page's policy allows that one origin.
    const policy = String(res.getHeader("content-security-policy") ?? "");
    res.setHeader(
      "content-security-policy",
      policy.replace("form-action 'self'", `form-action 'self' ${new URL(formTo).origin}`),
    );
  }
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(html);
}

/** A launch refused: its status, what went wrong (no secret), and what the person can do. */
export function refusedPage(res: ServerResponse, status: number, reason: string): void {
  page(
    res,
    status,
    "This launch was refused",
    `<h1>This launch was refused</h1><p class="why">${escape(reason)}</p>
<p>Go back to your course and open the activity again. If it keeps happening, tell your teacher: the tool's registration in the learning platform may need checking.</p>`,
  );
}

/** The deep-linking picker: the teacher's sessions, each a button posting the signed ticket. */
export function pickerPage(
  res: ServerResponse,
  ticket: string,
  sessions: { id: string; title: string; detail: string }[],
): void {
  const items =
    sessions.length === 0
      ? "<p>You have no open classes or homework yet. Create one in Vanishing Point, then add it here.</p>"
      : `<ul>${sessions
          .map(
            (s) =>
              `<li><form method="post" action="/lti/deep-link"><input type="hidden" name="ticket" value="${escape(ticket)}"><input type="hidden" name="session" value="${escape(s.id)}"><button type="submit">${escape(s.title)}<small>${escape(s.detail)}</small></button></form></li>`,
          )
          .join("")}</ul>`;
  page(
    res,
    200,
    "Add Vanishing Point to your course",
    `<h1>Add Vanishing Point to your course</h1><p>Choose the class or homework this activity opens. Students who launch it join it under their name in the course, and their best verified score goes to the course's gradebook (out of 100).</p>${items}`,
  );
}

/** The signed response, posted back to the platform by the teacher's click. */
export function returnPage(res: ServerResponse, returnUrl: string, jwt: string, title: string) {
  page(
    res,
    200,
    "Return to your course",
    `<h1>Ready to add “${escape(title)}”</h1><form method="post" action="${escape(returnUrl)}"><input type="hidden" name="JWT" value="${escape(jwt)}"><button type="submit">Add it to the course</button></form>`,
    returnUrl,
  );
}
