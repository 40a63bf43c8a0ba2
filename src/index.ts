import { createApp } from './app.ts';
import { scheduled } from './jobs/index.ts';

const app = createApp();

/** Worker entry: HTTP through the app; cron triggers through the jobs (see src/jobs). */
export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Record<string, unknown>>;
