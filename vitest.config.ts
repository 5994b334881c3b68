import { defineConfig } from 'vitest/config';

/** Root Vitest config: one project per workspace package, for `vitest` runs across the monorepo. */
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
