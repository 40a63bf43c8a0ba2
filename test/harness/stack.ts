import { inject } from 'vitest';

/** Addresses of the local stack the global setup started (test/global-setup.ts). */
export const stack = () => inject('stack');
export const dbUrls = () => inject('db');
