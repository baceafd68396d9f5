import type { RequestOptions } from "node:https";

/**
 * What authenticates one request: headers (Authorization, Impersonate-User) and, when an exec
 * plugin returns one, a client certificate. TLS trust (CA) is fixed at start and not part of it.
 */
export interface Credential {
  readonly headers: Readonly<Record<string, string>>;
  readonly cert?: RequestOptions["cert"];
  readonly key?: RequestOptions["key"];
}

/**
 * Derives the credential from its origin. `force` is set after a 401 and must bypass any cheap
 * "nothing changed" shortcut (a token file with the same mtime, a cached exec token).
 */
export type CredentialReader = (force: boolean) => Promise<Credential>;

export interface RefreshTiming {
  /** How long a credential is served without looking at its origin (client-go: one minute). */
  intervalMs: number;
  /** Forced re-reads closer together than this reuse the last result: a rejected credential cannot turn every failing request into a file read or a plugin run. */
  minForcedGapMs: number;
  now: () => number;
}

export const DEFAULT_TIMING: RefreshTiming = { intervalMs: 60_000, minForcedGapMs: 1_000, now: Date.now };

/** Caches a credential: O(1) per request while fresh, one shared read when stale or after a 401. */
export class RefreshingCredentials {
  private cred: Credential;
  private checkedAt: number;
  private forcedAt = Number.NEGATIVE_INFINITY;
  private periodic: Promise<Credential> | undefined;
  private forced: Promise<Credential> | undefined;
  private started = 0;
  private applied = 0;

  constructor(
    private readonly read: CredentialReader,
    initial: Credential,
    private readonly timing: RefreshTiming = DEFAULT_TIMING,
  ) {
    this.cred = initial;
    this.checkedAt = timing.now();
  }

  /** The credential for the next request. Looks at its origin at most once per interval. */
  current(): Promise<Credential> {
    if (this.timing.now() - this.checkedAt < this.timing.intervalMs) return Promise.resolve(this.cred);
    // A failed periodic read keeps the last credential: it may well still be valid, and a 401 forces a real re-read.
    this.periodic ??= this.reload(false)
      .catch(() => this.cred)
      .finally(() => {
        this.periodic = undefined;
      });
    return this.periodic;
  }

  /**
   * After a request sent with `used` got 401: the credential to retry it with once, or undefined
   * when re-reading yields the same one (retrying could not succeed). When another request has
   * already refreshed since `used` was handed out, that newer credential is returned without a read.
   * Rejects when the re-read itself fails.
   */
  async afterUnauthorized(used: Credential): Promise<Credential | undefined> {
    if (used !== this.cred) return this.cred;
    if (!this.forced && this.timing.now() - this.forcedAt < this.timing.minForcedGapMs) return undefined;
    this.forced ??= this.reload(true).finally(() => {
      this.forced = undefined;
      this.forcedAt = this.timing.now();
    });
    const next = await this.forced;
    return next === used ? undefined : next;
  }

  private async reload(force: boolean): Promise<Credential> {
    const seq = ++this.started;
    try {
      const next = await this.read(force);
      // A slow read that started before a newer one finished must not put an older credential back.
      if (seq > this.applied) {
        this.applied = seq;
        if (!sameCredential(next, this.cred)) this.cred = next;
      }
      return this.cred;
    } finally {
      this.checkedAt = this.timing.now();
    }
  }
}

type Material = RequestOptions["cert"] | RequestOptions["key"];

function sameMaterial(a: Material, b: Material): boolean {
  if (a === b) return true;
  const bytes = (m: Material): Buffer | undefined => (typeof m === "string" ? Buffer.from(m) : Buffer.isBuffer(m) ? m : undefined);
  const x = bytes(a);
  const y = bytes(b);
  return x !== undefined && y !== undefined && x.equals(y);
}

/** Equal by content, so a re-read that found nothing new keeps the cached object (and its identity). */
export function sameCredential(a: Credential, b: Credential): boolean {
  if (a === b) return true;
  const ka = Object.keys(a.headers);
  if (ka.length !== Object.keys(b.headers).length) return false;
  return ka.every((k) => a.headers[k] === b.headers[k]) && sameMaterial(a.cert, b.cert) && sameMaterial(a.key, b.key);
}
