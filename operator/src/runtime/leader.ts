import type { Logger } from "pino";
import type { KubeClient } from "../kube/client.js";
import { LEASES, collectionPath, objectPath } from "../kube/paths.js";
import { OP_ERR, OperatorError } from "../errors.js";
import type { OperatorConfig } from "../config.js";
import { sleep } from "./informer.js";

export interface Lease {
  apiVersion: "coordination.k8s.io/v1";
  kind: "Lease";
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

export const microTime = (d: Date): string => d.toISOString().replace(/Z$/, "000Z");

type ElectionConfig = OperatorConfig["leaderElection"];

/** Pure: the lease spec to write to acquire or renew, or undefined while another live holder has it. */
export function nextLeaseSpec(spec: Lease["spec"], cfg: ElectionConfig, observedAt: number, now: Date): Lease["spec"] | undefined {
  const holder = spec.holderIdentity ?? "";
  const duration = (spec.leaseDurationSeconds ?? cfg.leaseDurationSeconds) * 1000;
  const expired = now.getTime() > observedAt + duration;
  if (holder !== "" && holder !== cfg.identity && !expired) return undefined;
  const takeover = holder !== cfg.identity;
  return {
    holderIdentity: cfg.identity,
    leaseDurationSeconds: cfg.leaseDurationSeconds,
    acquireTime: takeover ? microTime(now) : spec.acquireTime,
    renewTime: microTime(now),
    leaseTransitions: (spec.leaseTransitions ?? 0) + (takeover ? 1 : 0),
  };
}

/**
 * Lease-based leader election. Expiry is judged by when this replica last saw the lease
 * change (not by the renewTime it carries), so clock skew between replicas does not matter.
 */
export class LeaderElector {
  private observed: { record: string; at: number } | undefined;
  private lastRenew = 0;
  private leading = false;
  private stopped = false;

  constructor(
    private readonly client: KubeClient,
    private readonly cfg: ElectionConfig,
    private readonly log: Logger,
  ) {}

  private isStopped(): boolean {
    return this.stopped;
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** Blocks until this replica leads (returns true) or stop() is called (returns false). */
  async acquire(): Promise<boolean> {
    while (!this.stopped) {
      if (await this.tryAcquireOrRenew()) {
        this.leading = true;
        this.lastRenew = Date.now();
        this.log.info({ lease: this.cfg.leaseName }, "became leader");
        return true;
      }
      await sleep(this.cfg.retryPeriodSeconds * 1000);
    }
    return false;
  }

  /** Renews until stop() or until renewals fail for longer than the renew deadline; then calls onLost. */
  async holdLease(onLost: (err: Error) => void): Promise<void> {
    while (!this.stopped && this.leading) {
      await sleep(this.cfg.retryPeriodSeconds * 1000);
      if (this.isStopped()) return;
      if (await this.tryAcquireOrRenew()) {
        this.lastRenew = Date.now();
      } else if (Date.now() - this.lastRenew > this.cfg.renewDeadlineSeconds * 1000) {
        this.leading = false;
        onLost(
          new OperatorError(OP_ERR.LEADER_LOST, `could not renew lease ${this.cfg.leaseName} within ${this.cfg.renewDeadlineSeconds}s`),
        );
      }
    }
  }

  /** Gives the lease up so another replica can take over without waiting for expiry. */
  async release(): Promise<void> {
    this.stopped = true;
    if (!this.leading) return;
    this.leading = false;
    try {
      const lease = await this.get();
      if (lease?.spec.holderIdentity !== this.cfg.identity) return;
      lease.spec = { ...lease.spec, holderIdentity: "", leaseDurationSeconds: 1, renewTime: microTime(new Date()) };
      await this.client.request("PUT", objectPath(LEASES, this.cfg.namespace, this.cfg.leaseName), { body: lease });
    } catch (err) {
      this.log.warn({ err }, "could not release lease");
    }
  }

  private async get(): Promise<Lease | undefined> {
    try {
      return await this.client.request<Lease>("GET", objectPath(LEASES, this.cfg.namespace, this.cfg.leaseName));
    } catch (err) {
      if (err instanceof OperatorError && err.status === 404) return undefined;
      throw err;
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    try {
      const lease = await this.get();
      if (!lease) return await this.create(now);
      const record = `${lease.spec.holderIdentity ?? ""}|${lease.spec.renewTime ?? ""}`;
      if (this.observed?.record !== record) this.observed = { record, at: now.getTime() };
      const next = nextLeaseSpec(lease.spec, this.cfg, this.observed.at, now);
      if (!next) return false;
      lease.spec = next;
      await this.client.request("PUT", objectPath(LEASES, this.cfg.namespace, this.cfg.leaseName), { body: lease });
      return true;
    } catch (err) {
      // A 409 means another replica wrote first: it leads, we retry later.
      if (!(err instanceof OperatorError && err.code === OP_ERR.API_CONFLICT)) this.log.warn({ err }, "leader election attempt failed");
      return false;
    }
  }

  private async create(now: Date): Promise<boolean> {
    const lease: Lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: this.cfg.leaseName, namespace: this.cfg.namespace },
      spec: {
        holderIdentity: this.cfg.identity,
        leaseDurationSeconds: this.cfg.leaseDurationSeconds,
        acquireTime: microTime(now),
        renewTime: microTime(now),
        leaseTransitions: 0,
      },
    };
    await this.client.request("POST", collectionPath(LEASES, this.cfg.namespace), { body: lease });
    return true;
  }
}
