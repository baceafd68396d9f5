/**
 * Bytes held by buffered (non-streamed) bodies across all requests. Per-body limits alone let N
 * concurrent bodies take N times the limit; this caps the sum, so memory stays bounded under load
 * and one large legitimate body can still use most of it.
 */
export class ByteBudget {
  private used = 0;

  constructor(
    readonly limit: number,
    private readonly onChange: (used: number) => void = () => undefined,
  ) {}

  get inUse(): number {
    return this.used;
  }

  /** Charges `n` bytes; false (and nothing charged) when that would pass the limit. */
  tryTake(n: number): boolean {
    if (this.used + n > this.limit) return false;
    this.used += n;
    this.onChange(this.used);
    return true;
  }

  give(n: number): void {
    this.used = Math.max(0, this.used - n);
    this.onChange(this.used);
  }
}
