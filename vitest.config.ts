import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Tests that run `node main/bin.mjs` need build/ as fresh as the sources.
    globalSetup: ['test/support/compiled-main.ts'],
  },
});
