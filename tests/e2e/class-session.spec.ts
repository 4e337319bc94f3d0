/**
 * A teacher and a student in separate browser contexts: the teacher signs up, starts a session and
 * posts a curriculum challenge; the student joins by the link, trains on WebGL and submits; the
 * verified run appears on the teacher's leaderboard, roster and class heatmap.
 */
import { expect, test } from "@playwright/test";

test("the teacher's dashboard follows a student's run live", async ({ browser }) => {
  const teacherContext = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const teacher = await teacherContext.newPage();
  const studentContext = await browser.newContext();
  const student = await studentContext.newPage();

  const code = await test.step("the teacher signs up and starts a session", async () => {
    await teacher.goto("/teacher");
    await teacher.getByRole("button", { name: /Create an account/ }).click();
    await teacher.getByLabel("Name").fill("Ms Hopper");
    await teacher.getByLabel("Email").fill("hopper@school.test");
    await teacher.getByLabel("Password").fill("a long password");
    await teacher.getByRole("button", { name: "Create account" }).click();
    await expect(teacher.getByRole("heading", { name: "Your classes" })).toBeVisible();
    await teacher.getByLabel("New session title").fill("Period 5: why deep nets stop learning");
    await teacher.getByRole("button", { name: "Start a session" }).click();
    const bigCode = teacher.locator(".big-code");
    await expect(bigCode).toHaveText(/^[A-HJ-NP-Z2-9]{6}$/);
    await expect(teacher.getByRole("img", { name: /QR code/ })).toBeVisible();
    return (await bigCode.textContent())!;
  });

  await test.step("the teacher posts and opens a curriculum challenge", async () => {
    await teacher
      .getByLabel("Post from the curriculum")
      .selectOption({ label: "Reach 90% on the spiral in the fewest steps" });
    await teacher.getByRole("button", { name: "Post challenge" }).click();
    await teacher.getByRole("button", { name: "Open", exact: true }).click();
    await expect(teacher.locator(".challenge-list .tag")).toHaveText("open");
  });

  await test.step("the student joins through the link and trains", async () => {
    await student.goto(`/join/${code}`);
    await expect(student.getByLabel("Join code")).toHaveValue(code);
    await student.getByLabel("Nickname").fill("Grace");
    await student.getByRole("button", { name: "Join the class" }).click();
    await expect(student.getByText("You are Grace")).toBeVisible();
    await expect(teacher.getByText(/1 online of 1/)).toBeVisible();
    await student.getByLabel(/Hidden layers/).fill("2");
    await student.getByLabel(/Learning rate/).fill("0.03");
    await student.getByLabel(/Training steps/).fill("300");
    await student.getByRole("button", { name: "Train" }).click();
    await expect(student.getByText(/Training finished/)).toBeVisible({ timeout: 180_000 });
    await student.getByRole("button", { name: "Submit run" }).click();
    await expect(student.getByText(/Verified: [\d.]+% on the hidden test set/)).toBeVisible();
  });

  await test.step("the teacher sees the verified run", async () => {
    const board = teacher.getByRole("region", { name: /Leaderboard/ });
    await expect(board.getByRole("listitem").filter({ hasText: "Grace" })).toContainText(
      "300 steps",
    );
    await expect(teacher.getByRole("heading", { name: /1 runs/ })).toBeVisible();
    await expect(
      teacher
        .getByRole("region", { name: "Gradient flow across the class" })
        .getByRole("rowheader", { name: "Grace" }),
    ).toBeVisible();
    await board.getByLabel("Hide names").check();
    await expect(board.getByRole("listitem").first()).toContainText("Student 1");
    await teacher.screenshot({
      path: "test-results/screens/teacher-dashboard.png",
      fullPage: true,
    });
  });

  await teacherContext.close();
  await studentContext.close();
});
