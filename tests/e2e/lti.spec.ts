/**
 * The school's learning platform, walked in Chromium against a platform written in the tests to
 * the LTI 1.3 specifications (tests/support/lti-platform.ts): the teacher registers it in the page,
 * adds the homework to the course through deep linking, a student on a phone launches from the
 * course into the lab under their course name (no code, no nickname), trains and submits, and the
 * verified score arrives in the platform's gradebook; the teacher's dashboard shows it sent.
 */
import { decodeJwt } from "jose";
import { CLAIMS, SESSION_PARAMETER } from "../../lib/lti/claims";
import { ROLES, TestPlatform } from "../support/lti-platform";
import { PHONE, teacherAt, trainAndSubmit } from "./classroom";
import { expect, test } from "./fixtures";

const TEACHER = { sub: "lms-teacher", name: "Ms Noether", roles: [ROLES.instructor] };
const ADA = { sub: "lms-ada", given_name: "Ada", family_name: "Lovelace", roles: [ROLES.learner] };

test("a student launches from the course and their grade arrives", async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(420_000);
  const platform = await TestPlatform.start();
  platform.toolUrl = baseURL!;
  try {
    const { socket, context } = await teacherAt(browser, baseURL!, "lti@school.test");
    const teacher = await context.newPage();

    await test.step("the teacher registers the platform in the page", async () => {
      await teacher.goto("/teacher");
      await teacher.getByRole("link", { name: /Connect a learning platform/ }).click();
      await expect(teacher.getByText(`${baseURL}/lti/login`)).toBeVisible();
      await expect(teacher.getByText(`${baseURL}/lti/jwks`)).toBeVisible();
      const r = platform.registration();
      await teacher.getByLabel("Platform ID (issuer)").fill(r.issuer);
      await teacher.getByLabel("Client ID").fill(r.clientId);
      await teacher.getByLabel("Deployment IDs").fill(r.deploymentIds.join(", "));
      await teacher.getByLabel("Authentication request URL").fill(r.authLoginUrl);
      await teacher.getByLabel("Access token URL").fill(r.authTokenUrl);
      await teacher.getByLabel("Public keyset URL").fill("not a url");
      await teacher.getByRole("button", { name: "Register the platform" }).click();
      await expect(teacher.getByText("the registration is not valid")).toBeVisible();
      await teacher.getByLabel("Public keyset URL").fill(r.jwksUrl);
      await teacher.getByRole("button", { name: "Register the platform" }).click();
      await expect(teacher.getByRole("cell", { name: r.clientId })).toBeVisible();
      await teacher.screenshot({
        path: testInfo.outputPath("lti-registration.png"),
        fullPage: true,
      });
    });

    const session = await socket.emitWithAck("session:create", {
      title: "Homework: the spiral",
      assignment: {
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        dueAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
      },
    });
    if (!("data" in session)) throw new Error(JSON.stringify(session));
    const sessionId = session.data.id;
    await socket.emitWithAck("challenge:post", {
      sessionId,
      title: "Two layers on the spiral",
      spec: {
        dataset: "spiral",
        locked: { depth: 2, width: 16 },
        objective: { kind: "accuracy" },
        prompt: "Learn the spiral with two layers of 16.",
      },
    });

    await test.step("the teacher adds it to the course through deep linking", async () => {
      await teacher.goto(platform.browserLaunch("teacher", platform.deepLinking(TEACHER)));
      await expect(
        teacher.getByRole("heading", { name: "Add Vanishing Point to your course" }),
      ).toBeVisible();
      await teacher.getByRole("button", { name: /Homework: the spiral/ }).click();
      await teacher.getByRole("button", { name: "Add it to the course" }).click();
      await expect(
        teacher.getByRole("heading", { name: "Activity added to the course" }),
      ).toBeVisible();
      const [item] = decodeJwt(platform.deepLinks[0]!)[CLAIMS.contentItems] as {
        custom: Record<string, string>;
      }[];
      expect(item!.custom[SESSION_PARAMETER]).toBe(sessionId);
    });

    await test.step("a student on a phone launches from the course into the lab", async () => {
      const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
      const ada = await phone.newPage();
      const lineItem = platform.lineItem("homework-1");
      await ada.goto(
        platform.browserLaunch(
          "lms-ada",
          platform.resourceLink(ADA, { session: sessionId, lineItem }),
        ),
      );
      await expect(ada).toHaveURL(new RegExp(`/class/${sessionId}$`));
      await expect(ada.getByText("Ada Lovelace").first()).toBeVisible();
      await expect(ada.getByLabel("Nickname")).toHaveCount(0);
      await ada.getByLabel(/Training steps/).fill("300");
      await trainAndSubmit(ada, 1);
      await ada.screenshot({ path: testInfo.outputPath("lti-student-phone.png"), fullPage: true });

      await expect.poll(() => platform.scores.length, { timeout: 30_000 }).toBe(1);
      expect(platform.scores[0]!.body).toMatchObject({
        userId: "lms-ada",
        scoreMaximum: 100,
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
      });
      // A refresh keeps the student (the token moved from the address into this browser).
      await ada.reload();
      await expect(ada.getByText("Ada Lovelace").first()).toBeVisible();
    });

    await test.step("the teacher launches from the course into the dashboard, signed in", async () => {
      // A browser with no Vanishing Point session: the platform vouches for the teacher's email.
      const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await fresh.newPage();
      await page.goto(
        platform.browserLaunch(
          "lms-teacher",
          platform.resourceLink({ ...TEACHER, email: "lti@school.test" }, { session: sessionId }),
        ),
      );
      await expect(page).toHaveURL(new RegExp(`/teacher/session/${sessionId}$`));
      await expect(page.getByRole("heading", { name: "Homework: the spiral" })).toBeVisible();
      await expect(
        page.getByRole("heading", { name: /Grades sent to the learning platform/ }),
      ).toBeVisible();
      await fresh.close();
    });

    await test.step("the teacher's dashboard shows the grade sent", async () => {
      await teacher.goto(`/teacher/session/${sessionId}`);
      const row = teacher.locator("table.lms-grades").getByRole("row", { name: /Ada Lovelace/ });
      await expect(row).toContainText("sent", { timeout: 15_000 });
      await expect(row).toContainText(String(platform.scores[0]!.body.scoreGiven));
      await teacher.screenshot({ path: testInfo.outputPath("lti-dashboard.png"), fullPage: true });
    });
    socket.disconnect();
  } finally {
    await platform.close();
  }
});
