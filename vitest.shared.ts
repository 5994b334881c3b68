import { defineConfig } from 'vitest/config';

/**
 * Shared Vitest settings for every package: resolve workspace packages through their `source`
 * export condition so that tests run against `src/` with no build step.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ['source', 'import', 'module', 'node', 'default'] },
  ssr: {
    resolve: {
      conditions: ['source', 'import', 'module', 'node', 'default'],
      externalConditions: ['source'],
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
