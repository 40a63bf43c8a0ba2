// `npm run build`: the deployable bundle exactly as `wrangler deploy` would upload it (dry run,
// minified, into dist/), then its size and gzipped size (what counts against Workers' size limit).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');
const wrangler = path.join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

const result = spawnSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outdir, '--minify'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});
if (result.status !== 0) process.exit(result.status ?? 1);

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const files = readdirSync(outdir, { recursive: true, encoding: 'utf8' })
  .map((name) => path.join(outdir, name))
  .filter((file) => statSync(file).isFile() && /\.(m?js|wasm)$/.test(file));

let total = 0;
let totalGzip = 0;
console.log('\nbundle:');
for (const file of files) {
  const bytes = readFileSync(file);
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += bytes.length;
  totalGzip += gzipped;
  console.log(`  ${path.relative(root, file).padEnd(28)} ${kib(bytes.length).padStart(11)}   gzip ${kib(gzipped).padStart(10)}`);
}
console.log(`  ${'total'.padEnd(28)} ${kib(total).padStart(11)}   gzip ${kib(totalGzip).padStart(10)}`);
