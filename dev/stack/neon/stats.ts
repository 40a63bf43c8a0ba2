// Round-trip accounting: every POST /sql is one network round trip the worker paid for. The worker
// tags its fetches with X-Request-ID, so a test can ask how many round trips one request cost.
const MAX_TRACKED_IDS = 50_000; // keep memory bounded under benchmarks (oldest ids are forgotten)

export class RoundTripStats {
  private total = 0;
  private readonly byRequestId = new Map<string, number>();

  record(requestId: string | undefined): void {
    this.total++;
    if (!requestId) return;
    this.byRequestId.set(requestId, (this.byRequestId.get(requestId) ?? 0) + 1);
    if (this.byRequestId.size > MAX_TRACKED_IDS) {
      const oldest = this.byRequestId.keys().next().value;
      if (oldest !== undefined) this.byRequestId.delete(oldest);
    }
  }

  roundTrips(requestId?: string | null): number {
    return requestId ? (this.byRequestId.get(requestId) ?? 0) : this.total;
  }
}
