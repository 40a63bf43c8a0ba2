import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Two projects share one global setup (the local stack, see test/global-setup.ts):
// - workers: everything a client or the worker sees, run inside workerd;
// - node: tooling that only exists in Node (migrator, adoption, stand-in internals).
export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    // The worker logs one JSON line per request: show logs only for tests that fail.
    silent: 'passed-only',
    // CI shares 2 cores between workerd, Postgres and the stand-ins: leave room before timing out.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: inject('workerBindings') as Record<string, string> },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['test/node/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts'],
        },
      },
    ],
  },
});
