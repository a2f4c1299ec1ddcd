// Type-checks generated sources in memory before anything is written. ts-morph is loaded lazily
// and one Project is reused for a whole run; the lean options (lib es2022 only, no @types, lib
// checks skipped) keep a check to tens of milliseconds (STACK.md §3).
import type { Project } from "ts-morph";

/** A source to check, at the path it will be written to (so its relative imports resolve). */
export interface SourceToCheck {
  readonly path: string;
  readonly text: string;
}

export interface TypeChecker {
  /** Type errors per path (absent when the source compiles). */
  check(sources: readonly SourceToCheck[]): Promise<Map<string, string[]>>;
}

let project: Promise<Project> | undefined;

async function createProject(): Promise<Project> {
  const { Project, ts } = await import("ts-morph");
  return new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      types: [],
      skipLibCheck: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
    },
  });
}

/** The run's checker; the first call pays for loading ts-morph. */
export function typeChecker(): TypeChecker {
  project ??= createProject();
  return {
    async check(sources) {
      const current = await (project as Promise<Project>);
      const { ts } = await import("ts-morph");
      const files = sources.map((source) =>
        current.createSourceFile(source.path, source.text, { overwrite: true }),
      );
      const errors = new Map<string, string[]>();
      files.forEach((file, index) => {
        const messages = file.getPreEmitDiagnostics().map((diagnostic) => {
          const text = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, "\n");
          const line = diagnostic.getLineNumber();
          return line === undefined ? text : `line ${line}: ${text}`;
        });
        const path = sources[index]?.path;
        if (messages.length > 0 && path !== undefined) errors.set(path, messages);
      });
      // the files stay in the project: the next check overwrites them in place, which lets the
      // compiler reuse the program's structure instead of rebuilding it
      return errors;
    },
  };
}
