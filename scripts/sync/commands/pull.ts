// `sync pull`: writes DSL source for the target's custom connectors that no definition has yet
// (matched by display_name), one <slug>.ts each, so connectors made with curl or the dashboard
// move into code in one step. Never overwrites a file; reports what the DSL cannot express.
// A connector another connectorkit project manages is in that project's code already: pulling it
// here would make two repositories deploy it (and adopting it would take it from the other), so
// it is listed with its project and left out.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Provider } from "../../../dsl/payload.ts";
import { validate } from "../../../dsl/validate.ts";
import { formatSources } from "../../codegen/format.ts";
import { dslImportFrom, type Rendered, renderConnector, UnrenderableError } from "../../codegen/render.ts";
import { slugOf } from "../../lib/load-connectors.ts";
import { connectorPaths, loadConfig, ownerFrom } from "../config.ts";
import { dslShape } from "../connector/dsl-shape.ts";
import { isOwned, type Ownership, ownershipOf, projectOf } from "../connector/ownership.ts";
import { loadDefinitions, printLoadErrors } from "../definitions.ts";
import { exit, type SyncIO } from "../io.ts";
import { colorsFor, count } from "../output.ts";
import { printable } from "../printable.ts";
import { describeTarget, openTarget, resolveTarget } from "../target.ts";

export interface PullFlags {
  readonly out: string;
  readonly connectors?: string | readonly string[];
  readonly env?: string;
}

/** What the pulled file says about who manages the connector (another project's are not pulled). */
function notesFor(ownership: Ownership, project: string | undefined): string[] {
  if (ownership === "none")
    return ["connectorkit did not create this connector: the first apply needs --adopt."];
  if (ownership === "legacy")
    return [
      `connectorkit marked this connector before projects: the first apply marks it as project "${project}"'s, so check that no other repository still deploys it.`,
    ];
  return [];
}

export async function runPull(flags: PullFlags, io: SyncIO): Promise<number> {
  const c = colorsFor(io.stdout, io.env);
  const config = await loadConfig(io.cwd);
  const target = resolveTarget({ cwd: io.cwd, env: io.env, envName: flags.env, config });
  io.stdout.write(`${describeTarget(target)}\n`);

  // a definitions folder that does not exist yet simply holds no connectors
  const paths = connectorPaths(flags.connectors, config).filter((path) => existsSync(resolve(io.cwd, path)));
  const { definitions, errors } = await loadDefinitions(paths, io.cwd);
  if (errors.length > 0) {
    printLoadErrors(errors, io.stderr);
    io.stderr.write(
      "Fix the definitions first: pull needs them to know which connectors are already in code.\n",
    );
    return exit.failed;
  }
  const inCode = new Set(definitions.map((definition) => definition.display_name));

  const opened = await openTarget(target, io.tuning);
  let remote: Provider[];
  try {
    remote = await opened.client.listCustomProviders();
  } finally {
    await opened.close();
  }

  const outDir = resolve(io.cwd, flags.out);
  const shown = relative(io.cwd, outDir) || ".";
  const owner = ownerFrom(config);
  const notInCode = remote.filter((provider) => !inCode.has(provider.display_name));
  const missing: Provider[] = [];
  const elsewhere: Provider[] = [];
  for (const provider of notInCode)
    (ownershipOf(provider, owner) === "other" ? elsewhere : missing).push(provider);
  missing.sort((a, b) => (a.display_name < b.display_name ? -1 : 1));
  elsewhere.sort((a, b) => (a.display_name < b.display_name ? -1 : 1));
  let written = 0;
  let failed = 0;
  let adopt = 0;
  const taken = new Set<string>();
  // render everything first, so Biome formats the files the renderer could not lay out itself in
  // one run instead of one process per file; then write and report in the same order as before
  const steps: (
    | { readonly line: string }
    | { readonly file: string; readonly rendered: Rendered; readonly provider: Provider }
  )[] = [];
  for (const provider of missing) {
    const name = `${printable(provider.display_name)}  ${c.dim(printable(provider.identifier))}`;
    const shaped = dslShape(provider);
    // what validate() accepts the DSL can write; what it flags is named with its path and fix
    const issues = validate(shaped);
    if (issues.length > 0) {
      steps.push({
        line: issues
          .map(
            (issue) =>
              `${c.red("✗")} ${name}: ${printable(issue.path)}: ${printable(issue.message)}\n  ${c.dim("→")} ${issue.fix}\n`,
          )
          .join(""),
      });
      failed++;
      continue;
    }
    let rendered: Rendered;
    try {
      rendered = renderConnector(shaped, {
        importFrom: dslImportFrom(outDir),
        header: [
          `Pulled from ${target.kind === "embedded" ? "the embedded emulator" : target.url} by \`sync pull\`; edit freely.`,
        ],
        notes: notesFor(ownershipOf(provider, owner), owner?.project),
      });
    } catch (error) {
      if (!(error instanceof UnrenderableError)) throw error;
      steps.push({
        line: `${c.red("✗")} ${name}: ${printable(error.message)}\n  ${c.dim("→")} keep managing it by hand, or change it so the DSL can express it\n`,
      });
      failed++;
      continue;
    }
    const file = join(outDir, `${slugOf(provider.display_name)}.ts`);
    if (existsSync(file) || taken.has(file)) {
      const where = relative(io.cwd, file);
      steps.push({
        line: `${c.red("✗")} ${name}: ${where} already exists; not overwritten\n  ${c.dim("→")} rename that file or pull with --out DIR\n`,
      });
      failed++;
      continue;
    }
    taken.add(file);
    steps.push({ file, rendered, provider });
  }

  // formatting is cosmetic: the rendered source is valid as it is if Biome cannot run
  const toFormat = steps.flatMap((step) =>
    "rendered" in step && !step.rendered.formatted ? [step.rendered] : [],
  );
  const formatted = await formatSources(toFormat.map((rendered) => rendered.text)).catch(() => []);
  const formattedBy = new Map(toFormat.map((rendered, index) => [rendered, formatted[index]]));
  if (steps.some((step) => "file" in step)) mkdirSync(outDir, { recursive: true });
  // pulled files are small: a synchronous write costs less than a thread-pool round trip each
  for (const step of steps) {
    if ("line" in step) {
      io.stdout.write(step.line);
      continue;
    }
    const { file, rendered, provider } = step;
    const result = formattedBy.get(rendered);
    const text = result?.status === "fulfilled" ? result.value : rendered.text;
    writeFileSync(file, text, { flag: "wx" });
    io.stdout.write(
      `${c.green("✓")} ${printable(provider.display_name)}  ${c.dim(printable(provider.identifier))} → ${relative(io.cwd, file)}\n`,
    );
    written++;
    if (!isOwned(provider, owner)) adopt++;
  }
  for (const provider of elsewhere) {
    const project = projectOf(provider) ?? "";
    io.stdout.write(
      `${c.dim("·")} ${printable(provider.display_name)}  ${c.dim(printable(provider.identifier))}: managed by connectorkit project ${printable(JSON.stringify(project))}; not pulled\n  ${c.dim("→")} it is defined in that project's code; to move it here, copy that definition and apply it with --adopt (the other project then no longer manages it)\n`,
    );
  }

  const skipped = remote.length - notInCode.length;
  io.stdout.write(
    `\nPulled ${count(written, "connector")} into ${shown}/${skipped > 0 ? `; ${skipped} already in code` : ""}${elsewhere.length > 0 ? `; ${elsewhere.length} managed by another project` : ""}${failed > 0 ? `; ${failed} not written (above)` : ""}.\n`,
  );
  if (adopt > 0) {
    io.stdout.write(
      `Next: run plan; ${count(adopt, "pulled connector")} connectorkit did not create need apply --adopt once.\n`,
    );
  }
  return failed > 0 ? exit.failed : exit.ok;
}
