// The worker bundle exactly as `wrangler deploy` would upload it (dry run, minified), built into a
// throw-away folder so the benchmark never touches dist/. Benchmarks run this bundle, never
// `wrangler dev` (~15x overhead even on hello world, see shared stack notes).
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse as parseToml } from 'smol-toml';

export interface BuiltBundle {
  /** The entry module (ES module) to hand to workerd. */
  scriptPath: string;
  /** Bytes of every .js/.mjs/.wasm module in the output (source maps excluded). */
  bytes: number;
  /** Same, gzip level 9: what counts against the Workers size limit. */
  gzipBytes: number;
  compatibilityDate: string;
  compatibilityFlags: string[];
}

export async function buildBundle(root: string, outdir: string): Promise<BuiltBundle> {
  const wrangler = path.join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const output = await run(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outdir, '--minify'], root);
  if (output.code !== 0) {
    throw new Error(`wrangler deploy --dry-run failed (exit ${output.code}):\n${output.text.slice(-4000)}`);
  }

  const modules = readdirSync(outdir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.(m?js|wasm)$/.test(name));
  let bytes = 0;
  let gzipBytes = 0;
  for (const name of modules) {
    const content = readFileSync(path.join(outdir, name));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  const entry = modules.find((name) => name === 'index.js') ?? modules.find((name) => /\.m?js$/.test(name));
  if (!entry) throw new Error(`wrangler wrote no JavaScript module into ${outdir}`);

  const toml = parseToml(readFileSync(path.join(root, 'wrangler.toml'), 'utf8')) as {
    compatibility_date?: string;
    compatibility_flags?: string[];
  };
  if (!toml.compatibility_date) throw new Error('wrangler.toml has no compatibility_date');
  return {
    scriptPath: path.join(outdir, entry),
    bytes,
    gzipBytes,
    compatibilityDate: toml.compatibility_date,
    compatibilityFlags: toml.compatibility_flags ?? [],
  };
}

/** Runs a command quietly, keeping its combined output for the error message. */
function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, text }));
  });
}
