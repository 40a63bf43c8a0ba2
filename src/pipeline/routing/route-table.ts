import type { Hono } from 'hono';

/**
 * What the app routes, by path: used to answer 405 with `Allow`, to redirect slash-less GETs, and to
 * tell "unknown URL" (404, no auth needed) from "known URL" (authenticate first, contract §c.6).
 */
export interface RouteTable {
  /** Methods routed for this exact path; empty when the path is unknown. */
  methodsFor(path: string): string[];
}

const toRegExp = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]\w*/g, '[^/]+')}$`);

export function buildRouteTable(app: Hono<any>): RouteTable {
  const entries = new Map<string, { re: RegExp; methods: Set<string>; static: boolean }>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue; // middleware
    const entry = entries.get(route.path) ?? { re: toRegExp(route.path), methods: new Set<string>(), static: !route.path.includes(':') };
    entry.methods.add(route.method);
    entries.set(route.path, entry);
  }
  const list = [...entries.values()];
  return {
    methodsFor(path) {
      const matches = list.filter(({ re }) => re.test(path));
      // A static path (`mark-read/`) shadows a parameterised twin (`:id/`), as DRF's router order does.
      const exact = matches.filter((m) => m.static);
      const methods = new Set<string>();
      for (const { methods: m } of exact.length > 0 ? exact : matches) m.forEach((x) => methods.add(x));
      if (methods.has('GET')) methods.add('HEAD');
      if (methods.size > 0) methods.add('OPTIONS');
      return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].filter((x) => methods.has(x));
    },
  };
}
