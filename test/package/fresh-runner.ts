// The fresh-runner case: a repository made with README's install and `npx --no connectorkit init`
// (npm init -y, the tarball in vendor/), cloned to a new folder and installed with an empty npm
// cache exactly as its workflow does, then the workflow's `run:` steps in order, read from the YAML
// init wrote, for a pull request with drift (the job passes and the summary holds the plans), a
// scheduled run with drift (exit 2), and a push with apply opted in. A local emulator stands in for
// prod. The registry must be reachable (the cache is empty, so --offline cannot work): else skipped.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Packed, root } from "../../scripts/bench/consumer.ts";
import {
  type Emulator,
  emptyDir,
  newRepository,
  type Repository,
  registryUnreachable,
  removeFolders,
  runEvent,
  startEmulator,
} from "./fresh-repo.ts";

/**
 * The cases, registered by install.test.ts so that they share its packed tarball (a second `npm
 * pack` would rebuild dist/ under the first).
 */
export function freshRunnerCases(packedBy: () => Packed): void {
  describe("a repository init made, on a fresh runner with an empty npm cache", () => {
    // the registry is reached for connectorkit's dependencies: the cache is empty, so --offline cannot work
    let unreachable: string | undefined;
    let repository: Repository;
    let emulator: Emulator | undefined;
    const secret = "ck-runner-secret-8Kd2vQ";
    const oauthSecret = "ck-runner-oauth-secret-4Wm1Zp";
    const secrets = (prefix: string, url: string) => ({
      [`${prefix}_SCALEKIT_URL`]: url,
      [`${prefix}_SCALEKIT_CLIENT_ID`]: "ci-client",
      [`${prefix}_SCALEKIT_CLIENT_SECRET`]: secret,
      // the example's OAuth connection: its OAuth app's client credentials
      [`${prefix}_CONNECTORKIT_OAUTH_EXAMPLE_CRM_CLIENT_ID`]: "example-oauth-client",
      [`${prefix}_CONNECTORKIT_OAUTH_EXAMPLE_CRM_CLIENT_SECRET`]: oauthSecret,
    });

    beforeAll(async () => {
      unreachable = await registryUnreachable();
      if (unreachable !== undefined) return;
      repository = await newRepository(packedBy().tarball);
      emulator = await startEmulator(repository.dir, "ci-client", secret);
    }, 300_000);

    afterAll(() => {
      emulator?.child.kill("SIGTERM");
      removeFolders();
    });

    /** The plan of the starter connector against the emulator, standing in for an environment. */
    const drift = (name: string, production: string) =>
      `Target: environment "${name}" (${emulator?.url})${production}\n[+] Example CRM\n └─ [+] connection (name from Scalekit) (OAUTH, client id exam…, scopes contacts.read)\n\n1 to create, 0 to update, 0 to delete; connections: 1 to create, 0 to update, 0 to delete.\n`;

    /** The jobs `event` runs, with both environments' secrets pointing at the emulator when `dev`. */
    async function runWorkflow(
      event: string,
      options: { vars?: Record<string, string>; dev?: boolean; cache?: string } = {},
    ) {
      const url = emulator?.url ?? "";
      const context = {
        github: {
          event_name: event,
          ref: event === "pull_request" ? "refs/pull/1/merge" : "refs/heads/main",
        },
        vars: options.vars ?? {},
        secrets: { ...secrets("PROD", url), ...(options.dev === true ? secrets("DEV", url) : {}) },
      };
      const run = await runEvent(repository.dir, context, options.cache);
      const output = run.results.flatMap((result) => [
        result.summary,
        ...result.steps.flatMap((step) => [step.stdout, step.stderr]),
      ]);
      // the client secret is given to the steps that need it, and printed by none
      expect(output.join("\n")).not.toContain(secret);
      expect(output.join("\n")).not.toContain(oauthSecret);
      return run;
    }

    it("is README's install: the tarball kept in vendor/, installed and init run with npx --no", async (context) => {
      context.skip(unreachable !== undefined, unreachable);
      const readme = readFileSync(join(root, "README.md"), "utf8");
      for (const command of [
        "npm pack --pack-destination",
        `npm install --save-dev ./vendor/${basename(packedBy().tarball)}`,
        "npx --no connectorkit init",
      ]) {
        expect(readme).toContain(command);
      }
      const manifest = JSON.parse(readFileSync(join(repository.dir, "package.json"), "utf8"));
      expect(manifest.devDependencies).toEqual({
        connectorkit: `file:vendor/${basename(packedBy().tarball)}`,
      });
      // no install script of connectorkit's for the user to approve (npm never runs prepare for a tarball)
      expect(repository.install.stderr).not.toContain("connectorkit@");
      expect(repository.init.stdout).toContain(
        `· connectorkit installs from vendor/${basename(packedBy().tarball)}, in the repository`,
      );
      expect(repository.init.stdout).not.toMatch(/^!/m);
    });

    it("a pull request with drift: the plan job passes, its summary holding the plans of prod and dev", async (context) => {
      context.skip(unreachable !== undefined, unreachable);
      const { ids, results } = await runWorkflow("pull_request", { dev: true });
      expect(ids).toEqual(["plan"]);
      const [job] = results;
      expect(job?.steps.map((step) => [step.name, step.code])).toEqual([
        ["npm ci", 0],
        ["npx --no connectorkit build", 0],
        ["plan prod", 0],
        ["plan dev", 0],
      ]);
      expect(job?.code).toBe(0);
      // npm ci installed from an empty cache, with no install script of connectorkit's to approve
      expect(job?.steps[0]?.stdout).toMatch(/added \d+ packages/);
      expect(job?.steps[0]?.stderr).not.toContain("connectorkit@");
      expect(job?.summary).toBe(
        `### connectorkit plan --env prod\n\`\`\`\n${drift("prod", ", production")}\`\`\`\n` +
          `### connectorkit plan --env dev\n\`\`\`\n${drift("dev", "")}\`\`\`\n`,
      );
    }, 180_000);

    it("a scheduled run with drift: the drift check fails with exit 2, the plan in its summary", async (context) => {
      context.skip(unreachable !== undefined, unreachable);
      const { ids, results } = await runWorkflow("schedule");
      expect(ids).toEqual(["drift"]);
      const [job] = results;
      expect(job?.code).toBe(2);
      expect(job?.steps.at(-1)?.name).toBe("plan --env prod --exit-code (exit 2 when prod differs)");
      expect(job?.summary).toBe(
        `### connectorkit plan --env prod --exit-code: 2\n\`\`\`\n${drift("prod", ", production")}\`\`\`\n`,
      );
    }, 180_000);

    it("with apply opted in, a push to main applies prod, and the next scheduled check passes", async (context) => {
      context.skip(unreachable !== undefined, unreachable);
      // setup-node's `cache: npm` restores the cache an earlier run filled
      const cache = emptyDir("restored-cache");
      const pushed = await runWorkflow("push", { vars: { CONNECTORKIT_APPLY: "true" }, cache });
      expect(pushed.ids).toEqual(["apply"]);
      expect(pushed.results[0]?.code).toBe(0);
      expect(pushed.results[0]?.steps.at(-1)?.stdout).toContain("Applied: 1 created");
      const scheduled = await runWorkflow("schedule", { cache });
      expect(scheduled.results[0]?.code).toBe(0);
      expect(scheduled.results[0]?.summary).toContain("No changes.");
    }, 240_000);
  });
}
