/**
 * The custody side of a vesting payout (Fireblocks upstream). Payouts never call a provider
 * directly: they go through this interface, so the mock and a live client are interchangeable.
 *
 * A transfer is identified by OUR transfer id, chosen when the release is claimed for payout and
 * stored in `vesting_releases.fireblocks_tx_id` in the same statement. It is the provider's
 * idempotency key (Fireblocks: `externalTxId`), so submitting the same transfer twice pays once,
 * and every completion or failure names the transfer it is about.
 */
export interface CustodyTransfer {
  transferId: string;
  releaseId: string;
  siteId: string;
  /** The allocation's wallet snapshot (lower-case). */
  toAddress: string;
  /** Token amount as a decimal string with 6 places — never a JS number. */
  amount: string;
  note: string;
}

export type SubmitResult =
  | { transferId: string; accepted: true }
  | { transferId: string; accepted: false; reason: string };

export type TransferStatus =
  | { state: 'pending' }
  | { state: 'completed'; txHash: string }
  | { state: 'failed'; reason: string };

export interface TransferRef {
  transferId: string;
  releaseId: string;
  siteId: string;
}

export interface CustodyClient {
  readonly mode: string;
  /**
   * Hands transfers to the provider. Completion arrives later (a signed job or a callback).
   * It is called AFTER the claim has committed: the releases are already `processing` under their
   * transfer ids when submit runs, so a crash, timeout or lost request between the two leaves a
   * `processing` release whose transfer the provider may never have seen.
   */
  submit(transfers: readonly CustodyTransfer[]): Promise<SubmitResult[]>;
  /**
   * Asks the provider where a transfer stands (the reconcile job's question, for releases
   * `processing` for over 15 minutes). A live client MUST answer `failed` for a transfer id the
   * provider does not know (never submitted, or rejected before it was recorded): that puts the
   * release back to `unlocked` so it can be paid again. Answering `pending` for it, or throwing,
   * leaves the release `processing` forever. `pending` is only for a transfer the provider has and
   * has not finished. A release answered `failed` is later paid under a NEW transfer id, so `failed`
   * must also mean the provider will never execute the old one.
   */
  status(transfer: TransferRef): Promise<TransferStatus>;
}
