/** What the tool reads of a launch and a registration, before any signature is involved. */
import { describe, expect, it } from "vitest";
import {
  isTeacherRole,
  nicknameFrom,
  platformInputSchema,
  scoresUrl,
} from "../../../lib/lti/claims";

const REGISTRATION = {
  issuer: "https://moodle.school.edu",
  clientId: "abc123",
  deploymentIds: ["1"],
  authLoginUrl: "https://moodle.school.edu/mod/lti/auth.php",
  authTokenUrl: "https://moodle.school.edu/mod/lti/token.php",
  jwksUrl: "https://moodle.school.edu/mod/lti/certs.php",
};

describe("platform registrations", () => {
  it("takes https URLs, and http only to this machine", () => {
    expect(platformInputSchema().safeParse(REGISTRATION).success).toBe(true);
    const local = { ...REGISTRATION, jwksUrl: "http://127.0.0.1:8080/jwks" };
    expect(platformInputSchema().safeParse(local).success).toBe(true);
    for (const jwksUrl of ["http://10.0.0.5/jwks", "ftp://moodle.school.edu/x", "not a url", ""]) {
      const parsed = platformInputSchema().safeParse({ ...REGISTRATION, jwksUrl });
      expect(parsed.success, jwksUrl).toBe(false);
      expect(parsed.error!.issues.map((i) => i.path.join("."))).toContain("jwksUrl");
    }
  });

  it("takes http anywhere only when LTI_ALLOW_HTTP says so", () => {
    const lan = { ...REGISTRATION, jwksUrl: "http://lms.school.internal/jwks" };
    expect(platformInputSchema().safeParse(lan).success).toBe(false);
    expect(platformInputSchema(true).safeParse(lan).success).toBe(true);
    expect(platformInputSchema(true).safeParse({ ...lan, jwksUrl: "ftp://x/y" }).success).toBe(
      false,
    );
  });

  it("wants at least one deployment id", () => {
    expect(platformInputSchema().safeParse({ ...REGISTRATION, deploymentIds: [] }).success).toBe(
      false,
    );
  });
});

describe("launch claims", () => {
  it("makes teachers of instructors, assistants and administrators, in full or short form", () => {
    const lis = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
    expect(isTeacherRole([`${lis}Instructor`])).toBe(true);
    expect(isTeacherRole([`${lis}Instructor#TeachingAssistant`])).toBe(true);
    expect(isTeacherRole(["Instructor"])).toBe(true);
    expect(
      isTeacherRole(["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"]),
    ).toBe(true);
    expect(isTeacherRole([`${lis}Learner`])).toBe(false);
    expect(isTeacherRole([])).toBe(false);
  });

  it("turns a course name into a nickname the class rules allow", () => {
    expect(nicknameFrom("Ada Lovelace", 24)).toBe("Ada Lovelace");
    expect(nicknameFrom("José  <script>  Núñez", 24)).toBe("José script Núñez");
    expect(nicknameFrom("Maximilian Alexander von Humboldt-Schmidt", 24)).toBe(
      "Maximilian Alexander von",
    );
    expect(nicknameFrom("😀😀", 24)).toBe("Student");
  });

  it("puts /scores after a line item's path and keeps its query", () => {
    expect(scoresUrl("https://lms.test/api/lti/courses/1/line_items/7")).toBe(
      "https://lms.test/api/lti/courses/1/line_items/7/scores",
    );
    expect(
      scoresUrl("https://moodle.test/mod/lti/services.php/2/lineitems/9/lineitem?type_id=3"),
    ).toBe("https://moodle.test/mod/lti/services.php/2/lineitems/9/lineitem/scores?type_id=3");
  });
});
