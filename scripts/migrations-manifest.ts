// Writes src/db/migrations-manifest.json: the bundled migrations as [{ tag, hash }], hash being the
// sha256 drizzle's migrator stores in drizzle.__drizzle_migrations. The worker cannot read drizzle/
// at runtime; /ready/ compares this list with the applied rows. `--check` only verifies (exit 1
// when stale). Run after every `npm run db:generate`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundledMigrations } from '../dev/db/migrate.ts';

export const MANIFEST_PATH = fileURLToPath(new URL('../src/db/migrations-manifest.json', import.meta.url));

export function manifestText(): string {
  const entries = bundledMigrations().map(({ tag, hash }) => ({ tag, hash }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

function main(): void {
  const expected = manifestText();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(MANIFEST_PATH, 'utf8');
    } catch {}
    if (current !== expected) {
      console.error(`${MANIFEST_PATH} is stale: run node scripts/migrations-manifest.ts`);
      process.exit(1);
    }
    console.log('migrations manifest is up to date');
    return;
  }
  writeFileSync(MANIFEST_PATH, expected);
  console.log(`wrote ${MANIFEST_PATH}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
