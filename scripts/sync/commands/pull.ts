// `sync pull`: writes DSL source for the target's custom connectors that no definition has yet
// (matched by display_name), one <slug>.ts each, so connectors made with curl or the dashboard
// move into code in one step, each with its connection (name and OAuth scopes; the client id and
// secret are named as the variables to set, never written). Never overwrites a file; reports what
// the DSL cannot express.
// A connector another connectorkit project manages is in that project's code already: pulling it
// here would make two repositories deploy it (and adopting it would take it from the other), so
// it is listed with its project and left out.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Provider } from "../../../dsl/payload.ts";
import { validate } from "../../../dsl/validate.ts";
import type { ConnectionInfo } from "../../client/index.ts";
import { formatSources } from "../../codegen/format.ts";
import { dslImportFrom, type Rendered, renderConnector, UnrenderableError } from "../../codegen/render.ts";
import { slugOf } from "../../lib/load-connectors.ts";
import { LinkedOutError, refuseLinkedOut } from "../../lib/out-dir.ts";
import { oauthVariables } from "../../lib/variable-names.ts";
import { connectorPaths, loadConfig, ownerFrom, UsageError } from "../config.ts";
import { chooseConnection, connectionsOf } from "../connection/lookup.ts";
import { isApiOAuth } from "../connection/wanted.ts";
import { dslShape } from "../connector/dsl-shape.ts";
import { isOwned, type Ownership, ownershipOf, projectOf } from "../connector/ownership.ts";
import { loadDefinitions, printLoadErrors } from "../definitions.ts";
import { exit, type RunIO } from "../io.ts";
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

/**
 * The `.connection()` the pulled file declares, from the connection the target holds, and the
 * notes that say which variables carry its client credentials (never written into the file).
 */
function connectionOf(
  provider: Provider,
  connections: readonly ConnectionInfo[],
  environment: string | undefined,
): { spec?: Record<string, string | boolean | string[]>; notes: string[]; variables: string[] } {
  const choice = chooseConnection(connectionsOf(provider.identifier, connections));
  if (choice.found === "none") return { notes: [], variables: [] };
  if (choice.found === "ambiguous")
    return {
      notes: [
        `${choice.candidates.length} connections serve this connector (${choice.candidates.map((c) => JSON.stringify(c.name)).join(", ")}): name the one to manage with .connection({ name }).`,
      ],
      variables: [],
    };
  const connection = choice.connection;
  const shaped = dslShape(provider);
  if (!isApiOAuth(shaped) || !connection.oauth)
    return { spec: { name: connection.name }, notes: [], variables: [] };
  const variables = oauthVariables(provider.display_name, environment);
  const config = shaped.auth_patterns[0]?.oauth_config;
  const pkceDefault = config?.pkce_enabled === true;
  // .connection() requests only scopes the connector declares; one it does not is named instead
  const declared = new Set((config?.available_scopes ?? []).map((scope) => scope.scope));
  const undeclared = connection.oauth.scopes.filter((scope) => !declared.has(scope));
  const scopes = connection.oauth.scopes.filter((scope) => declared.has(scope));
  // the default is the required scopes (compared as a set, as plan does): written only when it differs
  const required = (config?.available_scopes ?? []).filter((scope) => scope.required).map((s) => s.scope);
  const isDefault = scopes.length === required.length && required.every((scope) => scopes.includes(scope));
  return {
    spec: {
      name: connection.name,
      ...(!isDefault && { scopes }),
      ...(connection.oauth.pkce !== pkceDefault && { pkce: connection.oauth.pkce }),
      ...(connection.oauth.tokenAuthMethod === "client_secret_basic" && { tokenAuth: "client_secret_basic" }),
    },
    notes: [
      ...(undeclared.length > 0
        ? [
            `Its connection also requests ${undeclared.map((scope) => JSON.stringify(scope)).join(", ")}, which the connector does not declare: add .scope() for each to keep requesting it.`,
          ]
        : []),
      `Its connection's OAuth app: set ${variables.clientId}=${connection.oauth.clientId || "<client id>"} and ${variables.clientSecret} to its client secret (Scalekit never returns a secret; never put it in this file).`,
    ],
    variables: [variables.clientId, variables.clientSecret],
  };
}

export async function runPull(flags: PullFlags, io: RunIO): Promise<number> {
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
  let connections: readonly ConnectionInfo[];
  try {
    remote = await opened.client.listCustomProviders();
    ({ connections } = await opened.client.listConnections());
  } finally {
    await opened.close();
  }
  const environment = target.kind === "remote" && target.origin === "config" ? target.name : undefined;
  const variablesToSet: string[] = [];

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
    const connection = connectionOf(provider, connections, environment);
    try {
      rendered = renderConnector(shaped, {
        importFrom: dslImportFrom(outDir),
        header: [
          `Pulled from ${target.kind === "embedded" ? "the embedded emulator" : target.url} by \`sync pull\`; edit freely.`,
        ],
        notes: [...notesFor(ownershipOf(provider, owner), owner?.project), ...connection.notes],
        ...(connection.spec && { connection: connection.spec }),
      });
      variablesToSet.push(...connection.variables);
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
  if (steps.some((step) => "file" in step)) {
    // never write through a symbolic link the user may not see
    try {
      refuseLinkedOut(flags.out, "--out", io.cwd);
    } catch (error) {
      if (error instanceof LinkedOutError) throw new UsageError(error.message, error.fix);
      throw error;
    }
    mkdirSync(outDir, { recursive: true });
  }
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
  if (variablesToSet.length > 0)
    io.stdout.write(
      `Set ${variablesToSet.join(", ")} (in the shell or .env) before apply: a connection's client credentials are never in code.\n`,
    );
  if (adopt > 0) {
    io.stdout.write(
      `Next: run plan; ${count(adopt, "pulled connector")} connectorkit did not create need apply --adopt once.\n`,
    );
  }
  return failed > 0 ? exit.failed : exit.ok;
}
