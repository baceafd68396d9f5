import { watch, type FSWatcher } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Logger } from "pino";

export interface WatcherOptions {
  paths: readonly string[];
  debounceMs: number;
  pollMs: number;
  onChange: () => Promise<unknown>;
  logger: Logger;
}

/**
 * Watches the directories holding the policy and keys files. Kubernetes updates mounted volumes by
 * swapping a `..data` symlink, which shows up as events on the directory rather than on the file,
 * so the directory is watched and every event triggers a (debounced) re-read. A poll covers
 * filesystems where fs.watch is unreliable; reloads compare content hashes, so extra calls are cheap.
 */
export class PolicyWatcher {
  private watchers: FSWatcher[] = [];
  private debounce: NodeJS.Timeout | null = null;
  private poll: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly opts: WatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.watchDirs();
    this.poll = setInterval(() => {
      if (this.watchers.length === 0) this.watchDirs();
      this.fire();
    }, this.opts.pollMs);
    this.poll.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    if (this.debounce !== null) clearTimeout(this.debounce);
    if (this.poll !== null) clearInterval(this.poll);
    this.debounce = null;
    this.poll = null;
  }

  private watchDirs(): void {
    const dirs = new Set(this.opts.paths.map((p) => dirname(resolve(p))));
    for (const dir of dirs) {
      try {
        const w = watch(dir, { persistent: false }, () => {
          this.schedule();
        });
        w.on("error", (err) => {
          this.opts.logger.warn(
            { event: "gateway.policy.watch_error", dir, err: err.message },
            "directory watch failed; polling continues",
          );
          w.close();
          this.watchers = this.watchers.filter((x) => x !== w);
        });
        this.watchers.push(w);
      } catch (err) {
        this.opts.logger.warn({ event: "gateway.policy.watch_error", dir, err: String(err) }, "cannot watch directory; polling only");
      }
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.debounce !== null) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.fire();
    }, this.opts.debounceMs);
    this.debounce.unref();
  }

  private fire(): void {
    if (this.stopped) return;
    this.opts.onChange().catch((err: unknown) => {
      this.opts.logger.error({ event: "gateway.policy.reload_error", err: String(err) }, "policy reload failed unexpectedly");
    });
  }
}
