import type { Settings } from '../../env.ts';
import type { CustodyClient } from './custody.ts';
import { mockCustody } from './mock.ts';

export type { CustodyClient, CustodyTransfer, SubmitResult, TransferRef, TransferStatus } from './custody.ts';
export { mockTxHash } from './mock.ts';

/** The custody client CUSTODY_MODE selects (only `mock` exists until a live provider is wired). */
export function createCustody(settings: Settings): CustodyClient {
  switch (settings.CUSTODY_MODE) {
    case 'mock':
      return mockCustody(settings);
  }
}
