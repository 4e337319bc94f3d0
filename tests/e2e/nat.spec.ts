/**
 * Thirty students behind the school's one public address: one of them mistypes the code eleven
 * times and is told to wait; then all thirty join from their own browsers, through the link.
 */
import { client, ok, signUpTeacher, type Client } from "../support/sockets";
import { expect, test } from "./fixtures";

let teacher: Client;
test.afterAll(() => teacher?.disconnect());

test("thirty joins from one address all succeed after one student's eleven wrong codes", async ({
  browser,
  baseURL,
}) => {
  const { joinCode, sessionId } = await test.step("a teacher opens a class", async () => {
    teacher = await client(baseURL!, {
      cookie: await signUpTeacher(baseURL!, "nat@school.test", { origin: baseURL! }),
    });
    const session = await ok(teacher, "session:create", { title: "Behind one NAT" });
    return { joinCode: session.joinCode!, sessionId: session.id };
  });

  await test.step("one student mistypes the code eleven times", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto("/");
    await page.getByLabel("Nickname").fill("Clumsy");
    const wrong = joinCode === "QQQQQQ" ? "ZZZZZZ" : "QQQQQQ";
    for (let i = 0; i < 11; i++) {
      await page.getByLabel("Join code").fill(wrong);
      await page.getByRole("button", { name: "Join the class" }).click();
      await expect(
        page.getByText(i < 10 ? /No open class has this code/ : /Too many wrong codes/),
      ).toBeVisible();
    }
    await page.context().close();
  });

  await test.step("thirty students join through the link, six at a time", async () => {
    for (let batch = 0; batch < 5; batch++) {
      await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const context = await browser.newContext();
          const page = await context.newPage();
          await page.goto(`/join/${joinCode}`);
          const nickname = `Student ${batch * 6 + i + 1}`;
          await page.getByLabel("Nickname").fill(nickname);
          await page.getByRole("button", { name: "Join the class" }).click();
          await expect(page.getByText(`You are ${nickname}`)).toBeVisible();
          await context.close();
        }),
      );
    }
    const watched = await ok(teacher, "session:watch", { sessionId });
    expect(watched.roster).toHaveLength(30);
  });
});
