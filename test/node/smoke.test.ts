import { expect, it, inject } from 'vitest';
it('node', () => { expect(inject('workerBindings')).toEqual({ HELLO: 'world' }); });
