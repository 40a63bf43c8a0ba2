import { Hono } from 'hono';
const app = new Hono<{ Bindings: { HELLO: string } }>();
app.get('/health/', (c) => c.json({ status: 'healthy', hello: c.env.HELLO }));
export default app;
