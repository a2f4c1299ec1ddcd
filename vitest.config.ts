import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json", ignoreSourceErrors: false },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
