// drizzle-kit: `npm run db:generate` diffs src/db/schema against drizzle/meta and writes a
// migration. Security (roles, grants, RLS, FORCE, triggers, deferrable FKs) lives in custom
// migrations (`npx drizzle-kit generate --custom --name <name>`); never use `drizzle-kit push`.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
});
