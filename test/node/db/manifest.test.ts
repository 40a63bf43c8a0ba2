// src/db/migrations-manifest.json must match drizzle/ (run `node scripts/migrations-manifest.ts`).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { MANIFEST_PATH, manifestText } from '../../../scripts/migrations-manifest.ts';

it('the committed migrations manifest is up to date', () => {
  expect(readFileSync(MANIFEST_PATH, 'utf8'), 'stale: run node scripts/migrations-manifest.ts').toBe(manifestText());
});
