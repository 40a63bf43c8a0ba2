import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const RedisMock = require('ioredis-mock');
const r = new RedisMock();
const proto = Object.getPrototypeOf(r);
console.log(Object.getOwnPropertyNames(proto).slice(0, 400).join(' '));
console.log(Object.keys(r).join(' '));
