// The generate command: connector definitions from OpenAPI 3.x / Swagger 2.0 specs (files, URLs or
// stdin) and MCP servers, written as DSL source, by default where plan reads definitions. Run by
// scripts/generate.ts and `connectorkit generate`.
import { realpathSync } from "node:fs";
import { dirname } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import type { Source } from "../codegen/run.ts";
import { readCapped } from "../lib/capped-read.ts";
import { addHelp } from "./help.ts";
import { packageRoot } from "./install-source.ts";

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of 1 or more");
  return n;
};

let stdinRead = false;
async function readStdin(): Promise<string> {
  if (stdinRead) throw new Error('stdin ("-") can be read only once');
  stdinRead = true;
  // the same cap as a file or a fetched document, applied while reading
  const { maxSpecBytes } = await import("../codegen/reach.ts");
  const { stdinTooLarge } = await import("../codegen/load-spec.ts");
  return readCapped(process.stdin, maxSpecBytes, stdinTooLarge);
}

/**
 * Where generate writes without --out: where plan and build read, the config's first connectors
 * folder, else connectors/. In connectorkit's own checkout, generated/connectors: its connectors/
 * holds the hand-written examples. A config that cannot be loaded is returned as the problem.
 */
export async function defaultOut(
  cwd: string,
  checkout = packageRoot(),
): Promise<string | { message: string; fix: string }> {
  if (realpathSync(cwd) === realpathSync(checkout)) return "generated/connectors";
  const { connectorPaths, loadConfig, UsageError } = await import("../sync/config.ts");
  try {
    const paths = connectorPaths(undefined, await loadConfig(cwd));
    const file = paths[0];
    return paths.find((path) => !path.endsWith(".ts")) ?? (file === undefined ? "connectors" : dirname(file));
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
}

/** `generate [spec...]`; `done` receives the exit code: 1 when any source failed. */
export function generateCommand(done: (code: number) => void): Command {
  const command: Command = new Command("generate")
    .description(
      "Generate Scalekit connector definitions (DSL source) from OpenAPI/Swagger specs and MCP servers",
    )
    .argument(
      "[spec...]",
      "an OpenAPI 3.x or Swagger 2.0 file (JSON or YAML), an http(s) URL, or - for stdin",
    )
    .option(
      "--out <dir>",
      "folder to write <slug>.ts files to (default: the config's connectors folder, else connectors/)",
    )
    .option("--name <name>", "display_name of the connector (one source only)")
    .option("--json", "print a JSON report to stdout instead of the summary")
    .option("--force", "overwrite files edited since they were generated")
    .option("--concurrency <n>", "sources read at the same time", positive, 4)
    .option("--mcp <url>", "an MCP server to discover (repeatable)", collect, [])
    .option("--proxy-url <url>", "proxy_url instead of the one inferred from the servers (one source only)")
    .option("--ref-dir <dir>", "where else to look for files the spec's $refs name (repeatable)", collect, [])
    .option("--typecheck", "compile each generated file with TypeScript before writing it (slower)")
    .option(
      "--types",
      "also write the vendor's API as TypeScript types, <file>.api.d.ts beside each connector, for connectorkit/proxy (OpenAPI 3 documents; needs openapi-typescript)",
    )
    .option(
      "--allow-host <host>",
      "a host the spec's $refs, redirects or the MCP server's metadata may reach though it resolves to a private or loopback address (repeatable)",
      collect,
      [],
    )
    .option(
      "--check-oauth",
      "compare OAuth URLs with the metadata the provider publishes (RFC 8414 / OpenID Connect discovery)",
    )
    .action(async (specs: string[], options) => {
      const sources: Source[] = [
        ...specs.map((spec): Source => ({ kind: "spec", spec })),
        ...(options.mcp as string[]).map((url): Source => ({ kind: "mcp", url })),
      ];
      if (sources.length === 0) command.error("error: pass at least one SPEC or --mcp URL");
      if (options.name !== undefined && sources.length > 1) {
        command.error("error: --name names one connector; pass a single SPEC or --mcp URL with it");
      }
      if (options.proxyUrl !== undefined && sources.length > 1) {
        command.error(
          "error: --proxy-url sets one connector's proxy_url; pass a single SPEC or --mcp URL with it",
        );
      }
      const out = (options.out as string | undefined) ?? (await defaultOut(process.cwd()));
      if (typeof out !== "string") {
        process.stderr.write(`✖ ${out.message}\n  → ${out.fix}, or pass --out DIR\n`);
        return done(1);
      }
      const { LinkedOutError, refuseLinkedOut } = await import("../lib/out-dir.ts");
      try {
        refuseLinkedOut(out);
      } catch (error) {
        if (!(error instanceof LinkedOutError)) throw error;
        command.error(`error: ${error.message}\n  → ${error.fix}`);
      }
      // the generator (parsers, templates, ts-morph) loads only when it runs, not for --help
      const { runGenerate } = await import("../codegen/run.ts");
      const { printReport, progressBar } = await import("../codegen/print.ts");
      const { withReach } = await import("../lib/reach-guard.ts");
      const started = performance.now();
      const report = await withReach({ allowHosts: options.allowHost }, () =>
        runGenerate(sources, {
          out,
          name: options.name,
          proxyUrl: options.proxyUrl,
          force: options.force === true,
          typecheck: options.typecheck === true,
          types: options.types === true,
          concurrency: options.concurrency,
          refDirs: options.refDir,
          ...(options.checkOauth === true && { checkOAuth: { timeoutMs: 10_000 } }),
          stdin: readStdin,
          ...(!options.json && sources.length > 1 && { onProgress: progressBar(process.stderr) }),
        }),
      );
      if (options.json) {
        const json = {
          results: report.results.map(
            ({ spec, file, connector, verify, verifyHeaders, warnings, inferred, types }) => ({
              spec,
              file,
              connector,
              ...(verify !== undefined && { verify }),
              ...(verifyHeaders !== undefined && { verify_headers: verifyHeaders }),
              warnings,
              inferred,
              ...(types && {
                types: {
                  file: types.file,
                  paths: types.paths,
                  dropped: types.dropped,
                  unresolved: types.unresolved,
                },
              }),
            }),
          ),
          // the shape every --json command uses: {file?, path?, message, fix} (spec kept as before)
          errors: report.errors.map(({ spec, parts }) => ({ spec, file: spec, ...parts })),
        };
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else {
        printReport(report, process.stdout, (performance.now() - started) / 1000);
      }
      done(report.errors.length > 0 ? 1 : 0);
    });
  return addHelp(command);
}
