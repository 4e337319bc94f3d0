/**
 * The class as one experiment: five students get the five first cells of a 3 x 2 sweep, one leaves
 * and their cell goes to a student who finished, every cell is run once, and the projector's
 * figure fills in with every verified cell.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { joinAs, LAPTOP, PHONE, teacherAt, trainAndSubmit } from "./classroom";
import { ok, openChallenge, type Client } from "../support/sockets";
import { slotKey } from "../../lib/challenges/sweep";

let teacherSocket: Client | undefined;
test.afterAll(() => teacherSocket?.disconnect());

const cellOf = (page: Page) => page.getByRole("region", { name: "Your sweep cell" });

test("a sweep with five students fills its cells once each, a leaver's cell is handed on", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(480_000);
  const teacher = await teacherAt(browser, baseURL!, "sweep-teacher@school.test");
  teacherSocket = teacher.socket;
  const { joinCode, sessionId, challengeId } = await test.step("the teacher posts a sweep", () =>
    openChallenge(teacher.socket, "Period 5: one experiment", {
      title: "Depth x batch norm",
      spec: {
        dataset: "spiral",
        locked: { width: 8, activation: "tanh", init: "glorot-uniform", steps: 40 },
        objective: { kind: "accuracy" },
        sweep: {
          axes: [
            { knob: "depth", values: [2, 3, 4] },
            { knob: "batchNorm", values: ["off", "before"] },
          ],
          seeds: 1,
        },
        prompt: "Run the cell you are given, then the next.",
      },
    }));
  const projector = await teacher.context.newPage();
  await projector.goto(`/teacher/session/${sessionId}/present`);

  const names = ["Ada", "Ben", "Cy", "Di", "Ed"];
  const pages: Page[] = [];
  await test.step("five students join and each gets a different cell", async () => {
    for (const [i, name] of names.entries())
      pages.push(await joinAs(browser, joinCode, name, i === 0 ? PHONE : LAPTOP));
    for (const page of pages) await expect(cellOf(page)).toContainText("Your cell:");
    const cells = await Promise.all(pages.map((p) => cellOf(p).textContent()));
    expect(new Set(cells).size).toBe(5);
    // The lab takes the cell's knobs and seed, and locks them.
    await expect(pages[1]!.getByLabel(/Hidden layers/)).toBeDisabled();
    await expect(pages[1]!.getByLabel(/Seed/)).toHaveValue("1");
    await pages[0]!.screenshot({
      path: "test-results/screens/sweep-cell-phone.png",
      fullPage: true,
    });
  });

  await test.step("Ed leaves; once he has been away a while his cell is free again", async () => {
    await pages[4]!.context().close();
    pages.pop();
    // The server frees it after SWEEP_RELEASE_MS (3 s in these tests).
    await expect
      .poll(
        async () =>
          (await ok(teacher.socket, "session:watch", { sessionId })).sweepSlots.filter(
            (s) => s.challengeId === challengeId,
          ).length,
        { timeout: 30_000 },
      )
      .toBe(4);
  });

  await test.step("the four train their cells; two get the free cells and run them too", async () => {
    for (const page of pages) await trainAndSubmit(page, 1);
    // Two cells were free (the sixth and Ed's): the first two to finish get them, the others wait.
    const next = [];
    for (const page of pages) {
      await expect(cellOf(page)).toContainText(/Your cell:|Every cell of the sweep is taken/);
      next.push((await cellOf(page).textContent())!.includes("Your cell:"));
    }
    expect(next.filter(Boolean)).toHaveLength(2);
    for (const [i, page] of pages.entries()) if (next[i]) await trainAndSubmit(page, 2);
  });

  await test.step("every cell was run once, and the projector's figure shows all six", async () => {
    const figure = projector.getByRole("img", {
      name: /Class sweep over hidden layers x batch norm/,
    });
    await expect(figure).toHaveAttribute("aria-label", /6 of 6 runs verified/, { timeout: 90_000 });
    await expect(projector.locator(".sweep-figure svg")).toBeVisible();
    // Six points drawn, one per verified cell.
    await expect(projector.locator(".sweep-figure svg g.sweep-dots > *")).toHaveCount(6);
    await projector.screenshot({ path: "test-results/screens/projector-sweep.png" });
    const state = await ok(teacher.socket, "session:watch", { sessionId });
    const slots = state.sweepSlots.filter((s) => s.challengeId === challengeId);
    expect(slots).toHaveLength(6);
    expect(new Set(slots.map(slotKey)).size).toBe(6);
    expect(slots.every((s) => s.status === "filled")).toBe(true);
    const verified = new Set(state.runs.filter((r) => r.status === "verified").map((r) => r.id));
    expect(slots.every((s) => verified.has(s.runId!))).toBe(true);
  });

  await test.step("the report keeps the figure as SVG, PNG and CSV", async () => {
    const report = await teacher.context.newPage();
    await report.goto(`/teacher/session/${sessionId}/report`);
    for (const [button, name] of [
      ["Figure (SVG)", /\.svg$/],
      ["Figure (PNG)", /\.png$/],
      ["Figure data (CSV)", /\.csv$/],
    ] as const) {
      const download = report.waitForEvent("download");
      await report.getByRole("button", { name: button }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(name);
      const path = await file.path();
      const { readFileSync } = await import("node:fs");
      const body = readFileSync(path);
      if (button === "Figure data (CSV)")
        expect(body.toString().trim().split("\n")).toHaveLength(7);
      if (button === "Figure (SVG)") expect(body.toString()).toMatch(/^<svg[^>]+xmlns=/);
      if (button === "Figure (PNG)") expect(body.subarray(1, 4).toString()).toBe("PNG");
    }
  });

  await test.step("the teacher turns a custom challenge into a sweep with predictions", async () => {
    const dashboard = await teacher.context.newPage();
    await dashboard.goto(`/teacher/session/${sessionId}`);
    await dashboard.getByText("Write a custom challenge").click();
    const form = dashboard.locator("details.custom");
    await form.getByLabel("Title").fill("Initializer x activation");
    await form.getByLabel("Ask each student for a prediction before they train").check();
    await form.getByLabel("Knob on the x axis").selectOption({ label: "initializer" });
    await form.getByLabel("Values (comma-separated)").first().fill("glorot-uniform, he-normal");
    await form.getByLabel("Knob per series").selectOption({ label: "activation" });
    await form.getByLabel("Values (comma-separated)").nth(1).fill("tanh, relu, sigmoid");
    await form.getByLabel("Seeds per cell").fill("2");
    await form.getByLabel("What students read").fill("Run your cell.");
    await form.screenshot({ path: "test-results/screens/custom-sweep-form.png" });
    await form.getByRole("button", { name: "Post custom challenge" }).click();
    await expect(form.getByLabel("Title")).toHaveValue("");
    const state = await ok(teacher.socket, "session:watch", { sessionId });
    const posted = state.challenges.find((c) => c.title === "Initializer x activation")!;
    expect(posted.spec.predict).toBe(true);
    expect(posted.spec.sweep).toMatchObject({
      axes: [
        { knob: "init", values: ["glorot-uniform", "he-normal"] },
        { knob: "activation", values: ["tanh", "relu", "sigmoid"] },
      ],
      seeds: 2,
    });
  });
});
