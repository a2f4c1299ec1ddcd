// Compiles in-memory TypeScript sources against the project's real files with the real
// compiler, and returns each source's diagnostics as text.
import { fileURLToPath } from "node:url";
import ts from "typescript";

const options: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  types: ["node"],
  typeRoots: [fileURLToPath(new URL("../../node_modules/@types", import.meta.url))],
  lib: ["lib.es2022.d.ts"],
};

export function diagnose(sources: ReadonlyMap<string, string>): Map<string, string> {
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => sources.get(file) ?? readFile(file);
  host.fileExists = (file) => sources.has(file) || ts.sys.fileExists(file);
  host.getSourceFile = (file, version) => {
    const text = sources.get(file);
    return text === undefined ? getSourceFile(file, version) : ts.createSourceFile(file, text, version);
  };
  const program = ts.createProgram([...sources.keys()], options, host);
  const messages = new Map<string, string>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName;
    if (!file || !sources.has(file)) continue;
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    messages.set(file, `${messages.get(file) ?? ""}${text}\n`);
  }
  return messages;
}
