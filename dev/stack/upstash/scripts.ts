// @upstash/ratelimit's Lua scripts start with `#!lua flags=allow-key-locking` (Upstash's own
// extension), which Redis 7.0 rejects. We strip that line before EVAL / SCRIPT LOAD, and keep EVALSHA
// working by mapping the hash the client computed (of the original text) to the stripped script's hash.
import { createHash } from 'node:crypto';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

export class ScriptRewriter {
  private readonly hashes = new Map<string, string>(); // client's sha1 → sha1 Redis knows

  /** Returns the command to send to Redis instead of `command`. */
  rewrite(command: string[]): string[] {
    const [name = '', ...args] = command;
    const upper = name.toUpperCase();
    if ((upper === 'EVAL' || upper === 'EVAL_RO') && args[0] !== undefined) {
      return [name, this.strip(args[0]), ...args.slice(1)];
    }
    if ((upper === 'EVALSHA' || upper === 'EVALSHA_RO') && args[0] !== undefined) {
      return [name, this.hashes.get(args[0].toLowerCase()) ?? args[0], ...args.slice(1)];
    }
    if (upper === 'SCRIPT' && args[0]?.toUpperCase() === 'LOAD' && args[1] !== undefined) {
      return [name, args[0], this.strip(args[1])];
    }
    if (upper === 'SCRIPT' && args[0]?.toUpperCase() === 'EXISTS') {
      return [name, args[0], ...args.slice(1).map((h) => this.hashes.get(h.toLowerCase()) ?? h)];
    }
    return command;
  }

  /** SCRIPT LOAD must answer the hash of the text the client sent, not of the stripped one. */
  loadReplyHash(command: string[]): string | undefined {
    const [name, sub, script] = command;
    return name?.toUpperCase() === 'SCRIPT' && sub?.toUpperCase() === 'LOAD' && script !== undefined ? sha1(script) : undefined;
  }

  private strip(script: string): string {
    if (!script.startsWith('#!')) return script;
    const stripped = script.slice(script.indexOf('\n') + 1);
    this.hashes.set(sha1(script), sha1(stripped));
    return stripped;
  }
}
