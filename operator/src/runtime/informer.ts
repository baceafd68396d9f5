import type { Logger } from "pino";
import type { KubeClient } from "../kube/client.js";
import { collectionPath, type ResourceRef } from "../kube/paths.js";
import { keyOf, type KubeObject, type ObjectList, type WatchEvent } from "../kube/types.js";
import { OperatorError, OP_ERR } from "../errors.js";

export interface InformerHandlers<T> {
  onUpsert(obj: T, old: T | undefined): void;
  onDelete(obj: T): void;
}

const LIST_PAGE = 500;
const WATCH_TIMEOUT_SECONDS = 300;

/**
 * List-watch cache for one resource. Watches resume from the last seen resourceVersion
 * (bookmarks keep it fresh); a 410 Gone means the version fell out of etcd's window, so it relists.
 */
export class Informer<T extends KubeObject> {
  private readonly store = new Map<string, T>();
  private resourceVersion = "";
  private synced = false;
  private readonly abort = new AbortController();
  private readonly handlers: InformerHandlers<T>[] = [];
  relists = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly resource: ResourceRef,
    private readonly log: Logger,
    private readonly namespace?: string,
  ) {}

  addHandlers(h: InformerHandlers<T>): void {
    this.handlers.push(h);
  }

  get(key: string): T | undefined {
    return this.store.get(key);
  }

  list(): T[] {
    return [...this.store.values()];
  }

  hasSynced(): boolean {
    return this.synced;
  }

  stop(): void {
    this.abort.abort();
  }

  private stopped(): boolean {
    return this.abort.signal.aborted;
  }

  /**
   * Lists into the cache, then watches until stop(). With `resumeFrom` it skips the list and
   * watches from that resourceVersion (events after it only); if the server has compacted
   * past it, the 410 Gone path relists.
   */
  async start(resumeFrom?: string): Promise<void> {
    if (resumeFrom) this.resourceVersion = resumeFrom;
    else await this.relist();
    this.synced = true;
    void this.watchLoop();
  }

  private async relist(): Promise<void> {
    const path = collectionPath(this.resource, this.namespace);
    const seen = new Set<string>();
    let cont: string | undefined;
    let rv = "";
    do {
      const page = await this.client.request<ObjectList<T>>("GET", path, {
        query: { limit: LIST_PAGE, continue: cont },
        signal: this.abort.signal,
      });
      for (const item of page.items) {
        const key = keyOf(item.metadata);
        seen.add(key);
        this.upsert(item);
      }
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion;
    } while (cont);
    for (const [key, obj] of this.store) {
      if (!seen.has(key)) this.remove(obj);
    }
    this.resourceVersion = rv;
    this.relists++;
  }

  /**
   * Read-your-writes: a controller stores the object its own write returned, so a reconcile
   * that runs before the watch event arrives does not act on the stale copy and write again.
   */
  writeThrough(obj: T): void {
    const key = keyOf(obj.metadata);
    const old = this.store.get(key);
    if (old && !isNewer(obj, old)) return;
    this.store.set(key, obj);
  }

  private upsert(obj: T): void {
    const key = keyOf(obj.metadata);
    const old = this.store.get(key);
    if (old && !isNewer(obj, old)) return;
    this.store.set(key, obj);
    for (const h of this.handlers) h.onUpsert(obj, old);
  }

  private remove(obj: T): void {
    const key = keyOf(obj.metadata);
    const old = this.store.get(key) ?? obj;
    this.store.delete(key);
    for (const h of this.handlers) h.onDelete(old);
  }

  private async watchLoop(): Promise<void> {
    let backoff = 200;
    while (!this.abort.signal.aborted) {
      try {
        await this.watchOnce();
        backoff = 200;
      } catch (err) {
        if (this.stopped()) return;
        if (err instanceof OperatorError && err.code === OP_ERR.WATCH_GONE) {
          this.log.info({ resource: this.resource.plural }, "watch expired (410 Gone), relisting");
          await this.relistWithRetry();
          continue;
        }
        this.log.warn({ err, resource: this.resource.plural, backoffMs: backoff }, "watch failed, retrying");
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  private async relistWithRetry(): Promise<void> {
    for (let delay = 200; !this.abort.signal.aborted; delay = Math.min(delay * 2, 10_000)) {
      try {
        await this.relist();
        return;
      } catch (err) {
        this.log.warn({ err, resource: this.resource.plural }, "relist failed, retrying");
        await sleep(delay);
      }
    }
  }

  private async watchOnce(): Promise<void> {
    const path = collectionPath(this.resource, this.namespace);
    const query = { watch: 1, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: WATCH_TIMEOUT_SECONDS };
    for await (const ev of this.client.stream<WatchEvent<T>>(path, { query, signal: this.abort.signal })) {
      this.apply(ev);
    }
  }

  private apply(ev: WatchEvent<T>): void {
    if (ev.type === "ERROR") {
      const status = ev.object as { code?: number; message?: string };
      if (status.code === 410) throw new OperatorError(OP_ERR.WATCH_GONE, status.message ?? "resource version too old", 410);
      throw new OperatorError(OP_ERR.API, `watch error: ${status.message ?? "unknown"}`, status.code);
    }
    const obj = ev.object as T;
    if (obj.metadata.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion;
    if (ev.type === "BOOKMARK") return;
    if (ev.type === "DELETED") this.remove(obj);
    else this.upsert(obj);
  }
}

/** resourceVersions are opaque, but etcd-backed servers hand out increasing integers; fall back to "different". */
function isNewer(obj: KubeObject, than: KubeObject): boolean {
  const a = obj.metadata.resourceVersion ?? "";
  const b = than.metadata.resourceVersion ?? "";
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return BigInt(a) > BigInt(b);
  return a !== b;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
