import { createApp } from './app.ts';

const app = createApp();

/** Worker entry: HTTP through the app; cron triggers through the jobs (see src/jobs). */
export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Record<string, unknown>>;
