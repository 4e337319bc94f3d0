/** What the experiment specs share: a signed-in teacher (browser and socket) and joining students. */
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect } from "./fixtures";
import { client, signUpTeacher, type Client } from "../support/sockets";

export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1280, height: 800 };
export const PROJECTOR = { width: 1920, height: 1080 };

/** A teacher signed up over HTTP: a socket to act through and a signed-in browser context. */
export async function teacherAt(
  browser: Browser,
  baseURL: string,
  email: string,
  /** The teacher's browser language (Accept-Language and navigator.language). */
  locale?: string,
): Promise<{ socket: Client; context: BrowserContext }> {
  const cookie = await signUpTeacher(baseURL, email, { origin: baseURL });
  const socket = await client(baseURL, { cookie, origin: baseURL });
  const context = await browser.newContext({ viewport: PROJECTOR, ...(locale ? { locale } : {}) });
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const at = pair.indexOf("=");
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: baseURL };
    }),
  );
  return { socket, context };
}

/** A student's own browser, joined through the class link. */
export async function joinAs(
  browser: Browser,
  joinCode: string,
  nickname: string,
  viewport = LAPTOP,
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  await page.goto(`/join/${joinCode}`);
  await page.getByLabel("Nickname").fill(nickname);
  await page.getByRole("button", { name: "Join the class" }).click();
  await expect(page.getByText(`You are ${nickname}`)).toBeVisible();
  return page;
}

/** Trains what the lab holds, submits it, and waits for the server's verification. */
export async function trainAndSubmit(page: Page, run: number): Promise<void> {
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await expect(page.getByText(/Training (finished|diverged)/)).toBeVisible({ timeout: 180_000 });
  await page.getByRole("button", { name: "Submit run", exact: true }).click();
  await expect(page.getByText(new RegExp(`Run ${run}: Verified`))).toBeVisible({
    timeout: 90_000,
  });
}
