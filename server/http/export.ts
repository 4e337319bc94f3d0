/**
 * Exports of a session for its teacher: every run, every challenge's leaderboard, the grades for a
 * learning platform's gradebook, and the learning evidence (each student's prediction and
 * post-check scores and normalized gain), as CSV or JSON.
 * GET /api/sessions/:sessionId/(runs|leaderboard|gradebook|learning).(csv|json)[?lms=...],
 * authorised by the teacher's session cookie.
 *
 * A CSV's header row is for the teacher to read, in their language (the language their pages are
 * in: their own choice, else their browser's); JSON keeps the field names programs read. English
 * headers are the field names themselves.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { fromNodeHeaders } from "better-auth/node";
import { createTranslator } from "next-intl";
import Papa from "papaparse";
import { progressCell } from "../../lib/challenges/assignment";
import {
  GRADEBOOK_FORMATS,
  gradebookRows,
  type GradebookFormat,
  type GradebookWords,
} from "../../lib/challenges/gradebook";
import { evidenceRows, normalizedGain } from "../../lib/challenges/gain";
import { roundPoints } from "../../lib/challenges/grading";
import { LOCALE_COOKIE, resolveLocale } from "../../lib/i18n/locales";
import { scoreValue } from "../../lib/challenges/scoring";
import type { Verdict } from "../../lib/nn/summary";
import { factorFromRatio } from "../../lib/nn/summary";
import type { Auth } from "../auth";
import type { LeaderboardView } from "../../lib/protocol/views";
import type { Repositories } from "../repositories";
import { catalog } from "../i18n/catalogs";

const ROUTE =
  /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/(runs|leaderboard|gradebook|learning)\.(csv|json)$/;

function send(res: ServerResponse, status: number, type: string, body: string, filename?: string) {
  res.writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    ...(filename ? { "content-disposition": `attachment; filename="${filename}"` } : {}),
  });
  res.end(body);
}

const error = (res: ServerResponse, status: number, code: string, message: string) =>
  send(res, status, "application/json", JSON.stringify({ error: { code, message } }));

/** One cookie of a request, or null. */
function cookieOf(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/** The words of an export's CSV header row, in the requesting teacher's language. */
function csvWords(req: IncomingMessage): {
  column: (field: string) => string;
  gradebook: GradebookWords;
} {
  const locale = resolveLocale({
    chosen: cookieOf(req, LOCALE_COOKIE),
    acceptLanguage: req.headers["accept-language"],
  });
  // Untyped, as next-intl's own default: any key, any arguments (tests/unit/i18n checks both).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const messages: Record<string, any> = catalog(locale);
  const t = createTranslator({ locale, messages, namespace: "exports" });
  return {
    // A field with no words of its own (added since) keeps its name.
    column: (field) => (t.has(`columns.${field}`) ? t(`columns.${field}`) : field),
    gradebook: {
      student: t("moodle.student"),
      email: t("moodle.email"),
      points: (challenge) => t("moodle.points", { challenge }),
      late: t("moodle.late"),
      yes: t("moodle.yes"),
      no: t("moodle.no"),
    },
  };
}

/** What an export reads of the leaderboards: a challenge's full board. */
export interface BoardReader {
  get(challengeId: string, options: { full: true }): Promise<LeaderboardView>;
}

/** Handles the request when it is an export; returns false when the path is not one. */
export function exportHandler(deps: {
  repos: Repositories;
  auth: Auth;
  leaderboards: BoardReader;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = ROUTE.exec(url.pathname);
    if (!match) return false;
    if (req.method !== "GET") {
      error(res, 405, "BAD_REQUEST", "exports are read with GET");
      return true;
    }
    const [, sessionId, what, format] = match as unknown as [
      string,
      string,
      "runs" | "leaderboard" | "gradebook" | "learning",
      "csv" | "json",
    ];
    const lms = url.searchParams.get("lms") ?? "canvas";
    if (what === "gradebook" && !GRADEBOOK_FORMATS.some((f) => f === lms)) {
      error(res, 400, "BAD_REQUEST", `lms is one of ${GRADEBOOK_FORMATS.join(", ")}`);
      return true;
    }
    const auth = await deps.auth.api
      .getSession({ headers: fromNodeHeaders(req.headers) })
      .catch(() => null);
    if (!auth) {
      error(res, 401, "UNAUTHENTICATED", "sign in as a teacher first");
      return true;
    }
    const session = await deps.repos.sessions.findById(sessionId);
    if (!session || session.teacherId !== auth.user.id) {
      error(res, 404, "NOT_FOUND", "no such session of yours");
      return true;
    }
    const [challenges, participants] = await Promise.all([
      deps.repos.challenges.listBySession(sessionId),
      deps.repos.participants.listBySession(sessionId),
    ]);
    const nickname = new Map(participants.map((p) => [p.id, p.nickname]));
    const words = csvWords(req);
    let rows: Record<string, string | number | boolean | null>[] = [];
    if (what === "gradebook") {
      const runs = await Promise.all(challenges.map((c) => deps.repos.runs.listForChallenge(c.id)));
      const students = participants
        .filter((p) => !p.removed)
        .map((p) => {
          const mine = runs.map((list) =>
            list
              .filter((r) => r.participantId === p.id)
              .map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString() })),
          );
          const cells = mine.map((list) => progressCell(session, list, false));
          return {
            nickname: p.nickname,
            email: null,
            best: cells.map((c) => c.best),
            late: cells.some((c) => c.late),
          };
        });
      rows = gradebookRows(
        lms as GradebookFormat,
        session.title,
        challenges.map((c) => ({ title: c.title, objective: c.spec.objective })),
        students,
        // JSON keeps the English names, as every JSON export keeps its field names.
        format === "csv" ? words.gradebook : undefined,
      );
    } else if (what === "learning") {
      const [predictions, postChecks] = await Promise.all([
        deps.repos.predictions.listBySession(sessionId),
        deps.repos.postChecks.listBySession(sessionId),
      ]);
      const withVerdict = <T extends { input: { verdict: Verdict } }>(p: T) => ({
        ...p,
        verdict: p.input.verdict,
      });
      for (const c of challenges.filter((c) => c.spec.postCheck)) {
        const of = <T extends { challengeId: string }>(list: T[]) =>
          list.filter((p) => p.challengeId === c.id);
        const evidence = evidenceRows(
          of(predictions).map(withVerdict),
          of(postChecks).map(withVerdict),
        );
        for (const r of evidence) {
          const g = normalizedGain(r.pre, r.post);
          rows.push({
            challenge: c.title,
            nickname: nickname.get(r.participantId) ?? "",
            transfer: c.spec.postCheck!.transfer,
            pre: r.pre === null ? null : roundPoints(r.pre),
            post: r.post === null ? null : roundPoints(r.post),
            gain: g === null ? null : Math.round(g * 1000) / 1000,
            preAnswered: r.preVerdict,
            preMeasured: r.preMeasured,
            postAnswered: r.postVerdict,
            postMeasured: r.postMeasured,
          });
        }
      }
    } else if (what === "runs") {
      for (const c of challenges) {
        for (const r of await deps.repos.runs.listForChallenge(c.id)) {
          rows.push({
            challenge: c.title,
            nickname: nickname.get(r.participantId) ?? "",
            runId: r.id,
            submittedAt: r.submittedAt.toISOString(),
            status: r.status,
            verifiedAccuracy: r.verified?.accuracy ?? null,
            verifiedLoss: r.verified?.loss ?? null,
            claimedAccuracy: r.claimed.accuracy,
            mismatch: r.mismatch,
            diverged: r.claimed.diverged,
            score: r.score,
            initVerdict: r.verified?.probe.verdict ?? null,
            // ||dL/dW_from|| / ||dL/dW_L|| at init: from layer 2 (1 for runs verified before).
            initGradRatio: r.verified?.probe.gradRatio ?? null,
            initRatioFromLayer: r.verified?.probe.from ?? null,
            initFactor: r.verified
              ? factorFromRatio(r.verified.probe.gradRatio, r.config.depth, r.verified.probe.from)
              : null,
            ...r.config,
            backend: r.backend,
            failure: r.failure,
          });
        }
      }
    } else {
      for (const c of challenges) {
        const board = await deps.leaderboards.get(c.id, { full: true });
        rows = rows.concat(
          board.entries.map((e) => ({
            challenge: c.title,
            objective: c.spec.objective.kind,
            rank: e.rank,
            nickname: e.nickname,
            value: scoreValue(c.spec.objective, e.score),
            runId: e.runId,
            submittedAt: new Date(e.submittedAt).toISOString(),
          })),
        );
      }
    }
    const filename = `vanishing-point-${session.title.replace(/[^A-Za-z0-9]+/g, "-").slice(0, 40)}-${what === "gradebook" ? `gradebook-${lms}` : what}.${format}`;
    if (format === "json")
      send(res, 200, "application/json", JSON.stringify(rows, null, 2), filename);
    else {
      // The gradebook's columns are already its layout's (and the teacher's) words.
      const fields = Object.keys(rows[0] ?? {});
      const csv = Papa.unparse(
        {
          fields: what === "gradebook" ? fields : fields.map(words.column),
          data: rows.map((r) => fields.map((f) => r[f])),
        },
        // escapeFormulae: a cell starting with = + - @ cannot become a spreadsheet formula.
        { escapeFormulae: true },
      );
      send(res, 200, "text/csv; charset=utf-8", rows.length === 0 ? "" : csv, filename);
    }
    return true;
  };
}
