import type { Settings } from '../../env.ts';
import { publishJobs } from '../queue/publisher.ts';
import type { CustodyClient, CustodyTransfer, SubmitResult, TransferRef, TransferStatus } from './custody.ts';

/** `0xmock` + 40 hex digits, as the original's MOCK mode made them. */
export function mockTxHash(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return `0xmock${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * CUSTODY_MODE=mock (the original's FIREBLOCKS_MODE=MOCK): moves no tokens. Each submitted transfer
 * completes MOCK_TX_COMPLETE_DELAY_SECONDS later through a signed, delayed `vesting.release.completed`
 * job with a fake hash — the same path a real completion takes, so the whole flow runs locally.
 * All completions of one payout go out in ONE QStash batch request; the transfer id is the
 * deduplication id, so a resubmitted transfer never completes twice.
 */
export function mockCustody(settings: Settings): CustodyClient {
  return {
    mode: 'mock',
    async submit(transfers: readonly CustodyTransfer[]): Promise<SubmitResult[]> {
      try {
        await publishJobs(
          settings,
          transfers.map((t) => ({
            name: 'vesting.release.completed' as const,
            payload: { site_id: t.siteId, release_id: t.releaseId, transfer_id: t.transferId, tx_hash: mockTxHash() },
            options: { delaySeconds: settings.MOCK_TX_COMPLETE_DELAY_SECONDS, deduplicationId: `mock-custody-${t.transferId}` },
          })),
        );
        return transfers.map((t) => ({ transferId: t.transferId, accepted: true as const }));
      } catch (err) {
        const reason = `mock custody could not schedule the completion: ${err instanceof Error ? err.message : String(err)}`;
        return transfers.map((t) => ({ transferId: t.transferId, accepted: false as const, reason }));
      }
    },
    // As upstream's MOCK reconcile: a transfer still processing is reported complete with a fake hash.
    async status(_transfer: TransferRef): Promise<TransferStatus> {
      return { state: 'completed', txHash: mockTxHash() };
    },
  };
}
