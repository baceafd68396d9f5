import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["api/**/*.test.ts", "cli/**/*.test.ts", "operator/**/*.test.ts", "gateway-sidecar/**/*.test.ts", "hack/**/*.test.ts"],
          environment: "node",
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/setup/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One control plane per run; files share it, so run them one at a time to keep 2 cores sane.
          fileParallelism: false,
        },
      },
    ],
  },
});
