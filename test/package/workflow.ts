// A GitHub Actions workflow run as a runner runs it, minus GitHub: for an event, the jobs whose `if`
// holds; each job's `run:` steps in order, in bash as `shell: bash` runs them (bash --noprofile
// --norc -eo pipefail FILE), with the environment a step gets (the workflow's, job's and step's
// `env` with ${{ secrets.X }} and ${{ vars.X }} filled in, CI, GITHUB_*, RUNNER_TEMP and a
// GITHUB_STEP_SUMMARY file per step), stopping at the first step that fails. `uses:` steps
// (checkout, setup-node) are skipped: the caller's clone and Node stand in for them. An expression
// or shell this runner does not model throws, so a workflow it cannot judge fails its test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { run } from "../../scripts/bench/consumer.ts";

export interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly run?: string;
  readonly if?: string;
  readonly shell?: string;
  readonly env?: Record<string, string>;
}

export interface Job {
  readonly name?: string;
  readonly if?: string;
  readonly environment?: string;
  readonly defaults?: { run?: { shell?: string } };
  readonly env?: Record<string, string>;
  readonly steps: readonly Step[];
}

export interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly defaults?: { run?: { shell?: string } };
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

export const readWorkflow = (path: string): Workflow => load(readFileSync(path, "utf8")) as Workflow;

/** What expressions can read: github.event_name, github.ref, vars.X, secrets.X. */
export interface Context {
  readonly github: { readonly event_name: string; readonly ref: string };
  readonly vars: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
}

/** Evaluates a GitHub expression of ==, !=, !, &&, ||, parentheses, 'strings' and context names. */
export function evaluate(expression: string, context: Context): string | boolean {
  const tokens = expression.match(/\s*(==|!=|&&|\|\||!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][\w.-]*)\s*/gy);
  if (tokens === null || tokens.join("").length !== expression.length) {
    throw new Error(`cannot read the expression ${JSON.stringify(expression)}`);
  }
  const list = tokens.map((token) => token.trim());
  let at = 0;
  const truthy = (value: string | boolean) => value !== "" && value !== false;
  const primary = (): string | boolean => {
    const token = list[at++];
    if (token === "(") {
      const value = or();
      if (list[at++] !== ")") throw new Error(`unbalanced parentheses in ${expression}`);
      return value;
    }
    if (token === "!") return !truthy(primary());
    if (token?.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (token === "true" || token === "false") return token === "true";
    const [scope, name, ...rest] = (token ?? "").split(".");
    if (rest.length > 0 || name === undefined) throw new Error(`unknown name ${token} in ${expression}`);
    if (scope === "github" && (name === "event_name" || name === "ref")) return context.github[name];
    if (scope === "vars") return context.vars[name] ?? "";
    if (scope === "secrets") return context.secrets[name] ?? "";
    throw new Error(`this runner does not model ${token} (in ${expression})`);
  };
  const comparison = () => {
    const left = primary();
    const operator = list[at];
    if (operator !== "==" && operator !== "!=") return left;
    at++;
    const equal = String(left) === String(primary());
    return operator === "==" ? equal : !equal;
  };
  const and = () => {
    let value = comparison();
    while (list[at] === "&&") {
      at++;
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  function or(): string | boolean {
    let value = and();
    while (list[at] === "||") {
      at++;
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  }
  const value = or();
  if (at !== list.length) throw new Error(`cannot read the end of ${JSON.stringify(expression)}`);
  return value;
}

const holds = (condition: string | undefined, context: Context) =>
  condition === undefined || ![false, ""].includes(evaluate(condition.trim(), context));

/** The ids of the jobs the event runs. */
export const jobsFor = (workflow: Workflow, context: Context): string[] =>
  Object.entries(workflow.jobs)
    .filter(([, job]) => holds(job.if, context))
    .map(([id]) => id);

const substitute = (value: string, context: Context) =>
  value.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => String(evaluate(expression.trim(), context)));

export interface StepResult {
  readonly name: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface JobResult {
  /** The exit code of the step that failed, else 0. */
  readonly code: number;
  readonly steps: readonly StepResult[];
  /** Every step's GITHUB_STEP_SUMMARY, in order. */
  readonly summary: string;
}

function shellOf(shell: string | undefined, file: string): [string, string[]] {
  if (shell === undefined) return ["bash", ["-e", file]];
  if (shell === "bash") return ["bash", ["--noprofile", "--norc", "-eo", "pipefail", file]];
  throw new Error(`this runner does not model shell: ${shell}`);
}

/** Runs the job's `run:` steps in `cwd` with `env` as the runner's own environment. */
export async function runJob(
  workflow: Workflow,
  id: string,
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv; readonly context: Context },
): Promise<JobResult> {
  const job = workflow.jobs[id];
  if (!job) throw new Error(`the workflow has no job ${id}`);
  const temp = mkdtempSync(join(tmpdir(), "connectorkit-runner-"));
  try {
    return await runSteps(workflow, job, { ...options, temp });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

async function runSteps(
  workflow: Workflow,
  job: Job,
  options: {
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
    readonly context: Context;
    readonly temp: string;
  },
): Promise<JobResult> {
  const { cwd, context, temp } = options;
  const steps: StepResult[] = [];
  let summary = "";
  for (const [index, step] of job.steps.entries()) {
    if (step.run === undefined || !holds(step.if, context)) continue;
    const file = join(temp, `step-${index}.sh`);
    const stepSummary = join(temp, `summary-${index}.md`);
    writeFileSync(file, step.run);
    writeFileSync(stepSummary, "");
    const env: NodeJS.ProcessEnv = {
      ...options.env,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: context.github.event_name,
      GITHUB_REF: context.github.ref,
      GITHUB_WORKSPACE: cwd,
      RUNNER_TEMP: temp,
      GITHUB_STEP_SUMMARY: stepSummary,
    };
    for (const scope of [workflow.env, job.env, step.env]) {
      for (const [name, value] of Object.entries(scope ?? {})) env[name] = substitute(String(value), context);
    }
    const [shell, args] = shellOf(
      step.shell ?? job.defaults?.run?.shell ?? workflow.defaults?.run?.shell,
      file,
    );
    const result = await run(shell, args, cwd, env);
    steps.push({ name: step.name ?? step.run, ...result });
    summary += readFileSync(stepSummary, "utf8");
    if (result.code !== 0) return { code: result.code, steps, summary };
  }
  return { code: 0, steps, summary };
}
