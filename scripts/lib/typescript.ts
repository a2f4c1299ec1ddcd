// The user's TypeScript (connectorkit.config.ts, definitions), imported file by file. Installed,
// connectorkit is compiled JavaScript, so Node needs tsx's loaders for that; they are registered on
// first need only: registering costs about 0.1 s, and every later import then takes a round trip to
// the loader's thread. Most runs never need them, as definitions and the config load as one esbuild
// bundle (import-definitions.ts). In a checkout (run by tsx, or by vitest) they are there already.
// Both loaders: in a package without "type": "module" the user's files are CommonJS.

let registered: Promise<void> | undefined;

/** Makes `import()` of a .ts file work in this process. */
export function registerTypeScript(): Promise<void> {
  if (!import.meta.url.endsWith(".js")) return Promise.resolve();
  registered ??= Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]).then(([esm, cjs]) => {
    cjs.register();
    esm.register();
  });
  return registered;
}
