import type { WorkerBindings } from './env.ts';
import type { AuthVariables } from './pipeline/auth/index.ts';
import type { DatabaseVariables } from './pipeline/database/index.ts';
import type { RequestIdVariables } from './pipeline/request-id/index.ts';
import type { RequestLogVariables } from './pipeline/request-log/index.ts';
import type { SettingsVariables } from './pipeline/settings/index.ts';
import type { SiteVariables } from './pipeline/site/index.ts';

/** The Hono environment of every route: the pipeline's variables, in the order they are set. */
export type AppEnv = {
  Bindings: WorkerBindings;
  Variables: RequestIdVariables & RequestLogVariables & SettingsVariables & SiteVariables & AuthVariables & DatabaseVariables;
};
