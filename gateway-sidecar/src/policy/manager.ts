import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import type { GatewayPolicySpec } from "@aispm/api";
import { GatewayError, toGatewayError, type GwErrorCode } from "../errors.js";
import type { CompiledFilter } from "../filter/types.js";
import type { GatewayMetrics } from "../obs/metrics.js";
import { parseKeysFile, type TrustStore } from "./keys.js";
import { verifyBundle } from "./verify.js";

/** The policy in force, with everything derived from it once at load time. */
export interface ActivePolicy {
  version: number;
  keyId: string;
  digest: string;
  expiresAtMs: number;
  policy: GatewayPolicySpec;
  filter: CompiledFilter;
  allowedTools: ReadonlySet<string> | null;
}

export interface PolicyManagerOptions {
  policyPath: string | undefined;
  keysPath: string | undefined;
  compile: (policy: GatewayPolicySpec) => CompiledFilter;
  now: () => number;
  skewMs: number;
  logger: Logger;
  metrics: GatewayMetrics;
  /** newest bundle ever applied (version and digest), persisted; and where to record a newly applied one */
  highWater: { get(): { version: number; digest: string | undefined }; note(version: number, digest: string): void };
}

export type ReloadResult =
  { status: "applied"; version: number } | { status: "unchanged" } | { status: "refused"; code: GwErrorCode; message: string };

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

async function readText(path: string | undefined, code: GwErrorCode, what: string): Promise<string> {
  if (path === undefined) throw new GatewayError(code, `no ${what} path configured`);
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    throw new GatewayError(code, `cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

/**
 * Loads, verifies and swaps the signed policy. In-flight requests keep the snapshot they started
 * with; a refused bundle never replaces the one in force. Reloads are serialized.
 */
export class PolicyManager {
  private active: ActivePolicy | null = null;
  private trust: TrustStore | null = null;
  private seen = { keys: "", bundle: "" };
  private appliedBundleHash = "";
  private expiredLogged = false;
  private queue: Promise<unknown> = Promise.resolve();
  lastError: { code: GwErrorCode; message: string } | null = null;

  constructor(private readonly opts: PolicyManagerOptions) {}

  /** The policy to enforce now, or null (none loaded, expired, or its key was revoked). */
  current(): ActivePolicy | null {
    const a = this.active;
    if (a === null) return null;
    if (a.expiresAtMs + this.opts.skewMs > this.opts.now()) return a;
    if (!this.expiredLogged) {
      this.expiredLogged = true;
      this.opts.metrics.policyVersion.set(0);
      this.opts.logger.error(
        { event: "gateway.policy.expired", code: "GW_ERR_POLICY_EXPIRED", version: a.version },
        "policy in force expired; refusing traffic until a newer bundle arrives",
      );
    }
    return null;
  }

  /**
   * The policy's own failMode once it has expired: "open" lets traffic through unfiltered until a
   * newer bundle arrives. A policy withdrawn because its key was revoked is not honoured at all.
   */
  get expiredFailOpen(): boolean {
    return this.active !== null && this.current() === null && this.active.policy.failMode === "open";
  }

  /** Version of the last bundle applied, even if it has since expired (rollback floor). */
  get appliedVersion(): number | undefined {
    return this.active?.version;
  }

  reload(): Promise<ReloadResult> {
    const next = this.queue.then(() => this.reloadNow());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(): Promise<ReloadResult> {
    let keysText: string;
    let bundleText: string;
    try {
      keysText = await readText(this.opts.keysPath, "GW_ERR_KEYS_INVALID", "keys file");
      bundleText = await readText(this.opts.policyPath, "GW_ERR_POLICY_UNREADABLE", "policy bundle");
    } catch (err) {
      return this.refuse(toGatewayError(err), `read-error:${String(err)}`);
    }
    const seen = { keys: sha(keysText), bundle: sha(bundleText) };
    if (seen.keys === this.seen.keys && seen.bundle === this.seen.bundle) return { status: "unchanged" };
    const keysChanged = seen.keys !== this.seen.keys;
    this.seen = seen;
    try {
      if (keysChanged) this.applyTrust(parseKeysFile(keysText));
      if (seen.bundle === this.appliedBundleHash && this.active !== null) return { status: "unchanged" };
      return this.apply(bundleText, seen.bundle);
    } catch (err) {
      return this.refuse(toGatewayError(err));
    }
  }

  private applyTrust(trust: TrustStore): void {
    this.trust = trust;
    const a = this.active;
    if (a === null) return;
    if (trust.revoked.has(a.keyId) || !trust.keys.has(a.keyId)) {
      // Distrusting the key distrusts what it signed: stop enforcing a policy we can no longer vouch for.
      this.active = null;
      this.appliedBundleHash = "";
      this.opts.metrics.policyVersion.set(0);
      this.opts.logger.error(
        { event: "gateway.policy.withdrawn", code: "GW_ERR_POLICY_KEY_REVOKED", version: a.version, keyId: a.keyId },
        "signing key of the policy in force is no longer trusted",
      );
    }
  }

  private apply(bundleText: string, bundleHash: string): ReloadResult {
    if (this.trust === null) throw new GatewayError("GW_ERR_KEYS_INVALID", "no trusted keys loaded");
    const floor = this.opts.highWater.get();
    const v = verifyBundle(bundleText, {
      trust: this.trust,
      nowMs: this.opts.now(),
      skewMs: this.opts.skewMs,
      rejectAtOrBelow: this.active?.version,
      rejectBelow: floor.version,
      compile: this.opts.compile,
    });
    // The version alone is not enough after a restart: the same number must also mean the same signed
    // payload, or an old bundle re-signed (or a different one) under the current version would pass.
    if (v.payload.version === floor.version && floor.digest !== undefined && v.digest !== floor.digest) {
      throw new GatewayError(
        "GW_ERR_POLICY_ROLLBACK",
        `version ${v.payload.version} was already applied with different content (digest ${floor.digest.slice(0, 12)}…)`,
      );
    }
    const policy = v.payload.policy;
    this.active = {
      version: v.payload.version,
      keyId: v.payload.keyId,
      digest: v.digest,
      expiresAtMs: v.expiresAtMs,
      policy,
      filter: v.filter,
      allowedTools: policy.tools === undefined ? null : new Set(policy.tools.allowed),
    };
    this.appliedBundleHash = bundleHash;
    this.expiredLogged = false;
    this.lastError = null;
    this.opts.highWater.note(v.payload.version, v.digest);
    this.opts.metrics.policyVersion.set(v.payload.version);
    this.opts.metrics.policyReloads.inc({ result: "applied", code: "" });
    this.opts.logger.info(
      {
        event: "gateway.policy.applied",
        version: v.payload.version,
        keyId: v.payload.keyId,
        digest: v.digest,
        expiresAt: v.payload.expiresAt,
      },
      "policy bundle applied",
    );
    return { status: "applied", version: v.payload.version };
  }

  private refuse(err: GatewayError, forgetSeen?: string): ReloadResult {
    // A read error is transient (e.g. mid-swap): forget what we saw so the next event retries.
    if (forgetSeen !== undefined) this.seen = { keys: "", bundle: "" };
    this.lastError = { code: err.code, message: err.message };
    this.opts.metrics.policyReloads.inc({ result: "refused", code: err.code });
    this.opts.logger.warn(
      { event: "gateway.policy.refused", code: err.code, inForce: this.active?.version ?? null },
      `policy bundle refused: ${err.message}`,
    );
    return { status: "refused", code: err.code, message: err.message };
  }
}
