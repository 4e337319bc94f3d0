/**
 * LTI 1.3 (1EdTech LTI Core 1.3, Deep Linking 2.0, Assignment and Grade Services 2.0): the claims a
 * launch's id_token carries that the tool reads, as one schema, and the roles that make a teacher.
 * Pure: the signature, issuer, audience and times are checked by the server with the platform's keys.
 */
import { z } from "zod";

export const LTI_VERSION = "1.3.0";

const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
const AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/";

export const CLAIMS = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  deepLinkingSettings: `${DL}deep_linking_settings`,
  contentItems: `${DL}content_items`,
  data: `${DL}data`,
  endpoint: `${AGS}endpoint`,
} as const;

export const AGS_SCOPES = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadOnly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
} as const;

export const MESSAGE_TYPES = ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"] as const;

const url = z.url({ protocol: /^https?$/ }).max(2048);
const short = z.string().min(1).max(255);

/** What the tool reads of a launch (other claims are allowed and ignored). */
export const launchClaimsSchema = z.object({
  iss: short,
  sub: short,
  aud: z.union([short, z.array(short).min(1)]),
  azp: short.optional(),
  nonce: short,
  name: z.string().max(255).optional(),
  given_name: z.string().max(255).optional(),
  family_name: z.string().max(255).optional(),
  email: z.string().max(320).optional(),
  [CLAIMS.messageType]: z.enum(MESSAGE_TYPES),
  [CLAIMS.version]: z.literal(LTI_VERSION),
  [CLAIMS.deploymentId]: short,
  [CLAIMS.targetLinkUri]: url.optional(),
  [CLAIMS.roles]: z.array(z.string().max(255)).max(100),
  [CLAIMS.resourceLink]: z.object({ id: short, title: z.string().max(255).optional() }).optional(),
  [CLAIMS.context]: z.object({ id: short, title: z.string().max(255).optional() }).optional(),
  [CLAIMS.custom]: z.record(z.string().max(255), z.unknown()).optional(),
  [CLAIMS.deepLinkingSettings]: z
    .object({
      deep_link_return_url: url,
      accept_types: z.array(z.string().max(64)).max(20),
      data: z.string().max(4096).optional(),
    })
    .optional(),
  [CLAIMS.endpoint]: z
    .object({
      scope: z.array(z.string().max(255)).max(20),
      lineitems: url.optional(),
      lineitem: url.optional(),
    })
    .optional(),
});
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

/**
 * Roles that make a teacher in Vanishing Point: instructors, teaching assistants and administrators
 * of the context or the institution (full URIs, and the short names LTI 1.3 allows for context
 * roles). Anyone else is a student.
 */
const TEACHING = /(^|[#/])(Instructor|TeachingAssistant|Administrator|ContentDeveloper)$/;
export const isTeacherRole = (roles: readonly string[]): boolean =>
  roles.some((r) => TEACHING.test(r));

/** The custom parameter a deep link puts on its resource link: which session it opens. */
export const SESSION_PARAMETER = "vanishing_point_session";

/** The session a resource link opens, from its custom parameters (null: none chosen yet). */
export function linkedSession(claims: LaunchClaims): string | null {
  const value = claims[CLAIMS.custom]?.[SESSION_PARAMETER];
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null;
}

/** A student's display name from the launch: given and family name, else name, else a fallback. */
export function displayName(claims: LaunchClaims): string {
  const parts = [claims.given_name, claims.family_name].filter((p) => p && p.trim());
  const name = parts.length > 0 ? parts.join(" ") : (claims.name ?? "");
  return name.trim();
}

/**
 * A nickname from a platform's name: what the nickname rules allow (letters, digits, spaces and
 * . _ ' -), at most `max` characters; "Student" when nothing is left.
 */
export function nicknameFrom(name: string, max: number): string {
  const cleaned = name
    .normalize("NFC")
    .replace(/[^\p{L}\p{N} ._'-]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max)
    .trim();
  return cleaned || "Student";
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * A URL a platform gives the tool: https, or http to this machine's loopback (a platform run on the
 * same machine, in development and tests), or any http with `allowHttp` (LTI_ALLOW_HTTP: a test
 * platform on a private network). The server fetches these, so nothing else is allowed.
 */
export const platformUrlSchema = (allowHttp = false) =>
  z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .refine(
      (value) => {
        // Runs after a failed URL check too (zod reports every issue): a non-URL is not this one's.
        if (!URL.canParse(value)) return true;
        const u = new URL(value);
        return u.protocol === "https:" || allowHttp || LOOPBACK_HOSTS.includes(u.hostname);
      },
      { message: "must be an https URL (http only to localhost)" },
    );

/** A platform registration as a teacher enters it. */
export const platformInputSchema = (allowHttp = false) =>
  z.object({
    issuer: z.string().trim().min(1).max(255),
    clientId: z.string().trim().min(1).max(255),
    deploymentIds: z.array(z.string().trim().min(1).max(255)).min(1).max(50),
    authLoginUrl: platformUrlSchema(allowHttp),
    authTokenUrl: platformUrlSchema(allowHttp),
    jwksUrl: platformUrlSchema(allowHttp),
  });
export type PlatformInputBody = z.infer<ReturnType<typeof platformInputSchema>>;

/** A line item's scores endpoint: `/scores` appended to its path, its query kept (AGS 2.0 §3.4). */
export function scoresUrl(lineItem: string): string {
  const u = new URL(lineItem);
  u.pathname = `${u.pathname.replace(/\/$/, "")}/scores`;
  return u.toString();
}

/** The score the tool posts for a student (application/vnd.ims.lis.v1.score+json). */
export function scoreBody(userId: string, points: number, maximum: number, at: Date) {
  return {
    userId,
    scoreGiven: points,
    scoreMaximum: maximum,
    comment: "Best verified score in Vanishing Point",
    activityProgress: "Completed",
    gradingProgress: "FullyGraded",
    timestamp: at.toISOString(),
  };
}

/**
 * The claims of a Deep Linking 2.0 response (signed by the tool): one LTI resource link opening
 * the chosen session, with a line item for its grade out of `scoreMaximum`.
 */
export function deepLinkingResponseClaims(input: {
  clientId: string;
  issuer: string;
  deploymentId: string;
  data?: string | undefined;
  launchUrl: string;
  session: { id: string; title: string; dueAt?: Date | null };
  scoreMaximum: number;
  nonce: string;
}): Record<string, unknown> {
  const { session } = input;
  return {
    iss: input.clientId,
    aud: input.issuer,
    nonce: input.nonce,
    [CLAIMS.messageType]: "LtiDeepLinkingResponse",
    [CLAIMS.version]: LTI_VERSION,
    [CLAIMS.deploymentId]: input.deploymentId,
    ...(input.data !== undefined ? { [CLAIMS.data]: input.data } : {}),
    [CLAIMS.contentItems]: [
      {
        type: "ltiResourceLink",
        title: session.title,
        url: input.launchUrl,
        custom: { [SESSION_PARAMETER]: session.id },
        lineItem: {
          scoreMaximum: input.scoreMaximum,
          label: session.title,
          resourceId: session.id,
        },
        ...(session.dueAt ? { submission: { endDateTime: session.dueAt.toISOString() } } : {}),
      },
    ],
  };
}
