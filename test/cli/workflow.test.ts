// The workflow init writes, read as GitHub reads it: which jobs each event runs (pull requests
// plan as information; pushes to main, the schedule and a manual run check drift; apply and verify
// only when opted in), and what every job runs with: a read-only token, a current Node LTS, and
// connectorkit only ever through `npx --no`, never a download. test/package/install.test.ts runs it.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Context, evaluate, jobsFor, readWorkflow } from "../package/workflow.ts";
import { repoRoot } from "../sync/helpers.ts";

const workflow = readWorkflow(join(repoRoot, "templates/init/connectorkit.yml"));

const on = (event_name: string, vars: Record<string, string> = {}, ref = "refs/heads/main"): Context => ({
  github: { event_name, ref },
  vars,
  secrets: {},
});

describe("the workflow init writes", () => {
  it("runs on pull requests, pushes to main, a daily schedule and by hand", () => {
    expect(Object.keys(workflow.on).sort()).toEqual([
      "pull_request",
      "push",
      "schedule",
      "workflow_dispatch",
    ]);
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(workflow.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \* \* \*$/) }]);
  });

  it.each([
    ["a pull request", on("pull_request", {}, "refs/pull/7/merge"), ["plan"]],
    ["a push to main", on("push"), ["drift"]],
    ["a push to main, apply opted in", on("push", { CONNECTORKIT_APPLY: "true" }), ["apply"]],
    ["the schedule", on("schedule"), ["drift"]],
    ["the schedule, verify opted in", on("schedule", { CONNECTORKIT_VERIFY: "true" }), ["drift", "verify"]],
    ["a manual run", on("workflow_dispatch", { CONNECTORKIT_VERIFY: "true" }), ["drift"]],
  ])("%s runs %j", (_, context, jobs) => {
    expect(jobsFor(workflow, context)).toEqual(jobs);
  });

  it("gives the token read access only, and applies prod only in a GitHub environment", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.apply?.environment).toBe("prod");
  });

  it("sets up a current Node LTS, installs with npm ci, and runs connectorkit only as npx --no", () => {
    for (const [id, job] of Object.entries(workflow.jobs)) {
      const node = job.steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
      // LTS lines are the even majors; 20 reached its end of life in April 2026
      expect(Number(node?.with?.["node-version"]), id).toSatisfy(
        (major: number) => major >= 22 && major % 2 === 0,
      );
      const runs = job.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
      expect(runs[0], id).toBe("npm ci");
      const script = runs.join("\n");
      expect(script, id).toMatch(/\bnpx --no connectorkit (plan|apply|verify)\b/);
      // every npx call runs the installed connectorkit; no other package runner is used
      const calls = script.match(/\bnpx\b.*/g) ?? [];
      expect(
        calls.filter((call) => !call.startsWith("npx --no connectorkit ")),
        id,
      ).toEqual([]);
      expect(script, id).not.toMatch(/\b(npm exec|npm x|pnpm|yarn|bunx)\b/);
    }
  });

  it("gives Scalekit credentials only to the steps that talk to Scalekit", () => {
    for (const job of Object.values(workflow.jobs)) {
      expect(job.env).toBeUndefined();
      for (const step of job.steps) {
        const talks = /connectorkit (plan|apply|verify)\b/.test(step.run ?? "");
        const given = Object.values(step.env ?? {}).some((value) => value.includes("secrets."));
        expect(given, step.name ?? step.run).toBe(talks);
      }
    }
  });
});

describe("the expressions it uses, as the runner in test/package evaluates them", () => {
  it.each([
    ["github.event_name == 'push' && vars.CONNECTORKIT_APPLY != 'true'", on("push"), true],
    [
      "github.event_name == 'push' && vars.CONNECTORKIT_APPLY != 'true'",
      on("push", { CONNECTORKIT_APPLY: "true" }),
      false,
    ],
    ["(github.event_name == 'schedule') || vars.X", on("push", { X: "yes" }), "yes"],
    ["!(github.event_name == 'schedule')", on("schedule"), false],
    ["secrets.MISSING", on("push"), ""],
  ])("%s", (expression, context, value) => {
    expect(evaluate(expression, context)).toBe(value);
  });

  it("refuses what it does not model, so a workflow it cannot judge fails", () => {
    expect(() => evaluate("always()", on("push"))).toThrow(/always/);
    expect(() => evaluate("github.actor == 'me'", on("push"))).toThrow("does not model github.actor");
    expect(() => evaluate("'open", on("push"))).toThrow("cannot read");
  });
});
