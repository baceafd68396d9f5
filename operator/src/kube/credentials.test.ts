import { describe, expect, it } from "vitest";
import { TokenFile, type TokenFileOps } from "./credential-sources.js";
import { RefreshingCredentials, type RefreshTiming } from "./credentials.js";

/** An in-memory token file that counts how often it is looked at. */
class FakeFile implements TokenFileOps {
  stats = 0;
  reads = 0;
  private ino = 1;
  private mtimeMs = 1_000;
  private content: string;
  /** When set, the next readFile waits for it (to hold a read in flight). */
  gate: Promise<void> | undefined;

  constructor(content: string) {
    this.content = content;
  }

  /** Like the kubelet: a new file swapped in (new inode, new mtime). */
  rotate(content: string): void {
    this.content = content;
    this.ino++;
    this.mtimeMs += 1_000;
  }

  /** A rewrite the stat cannot see (same inode, size and mtime tick): only a forced read finds it. */
  rewriteInvisibly(content: string): void {
    this.content = content;
  }

  stat = (): Promise<{ ino: number; size: number; mtimeMs: number }> => {
    this.stats++;
    return Promise.resolve({ ino: this.ino, size: this.content.length, mtimeMs: this.mtimeMs });
  };

  readFile = async (): Promise<string> => {
    this.reads++;
    const gate = this.gate;
    if (gate) await gate;
    return this.content;
  };
}

function clock(): RefreshTiming & { advance(ms: number): void } {
  let t = 0;
  return {
    intervalMs: 60_000,
    minForcedGapMs: 1_000,
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

async function setup(token = "token-a") {
  const file = new FakeFile(`${token}\n`);
  const timing = clock();
  const source = new TokenFile(
    "/var/run/secrets/token",
    { headers: { "Impersonate-User": "alice", Authorization: "Bearer static" } },
    file,
  );
  const creds = new RefreshingCredentials(source.read, await source.read(true), timing);
  file.stats = 0;
  file.reads = 0;
  return { file, timing, creds };
}

const bearer = async (c: RefreshingCredentials): Promise<string | undefined> => (await c.current()).headers.authorization;

describe("TokenFile + RefreshingCredentials", () => {
  it("sends the file's token (trimmed) in place of any static Authorization, keeping other headers", async () => {
    const { creds } = await setup();
    expect((await creds.current()).headers).toEqual({ "Impersonate-User": "alice", authorization: "Bearer token-a" });
  });

  it("does not touch the file at all within the interval, however many requests", async () => {
    const { file, timing, creds } = await setup();
    for (let i = 0; i < 1_000; i++) {
      expect(await bearer(creds)).toBe("Bearer token-a");
      timing.advance(59);
    }
    expect(file.stats).toBe(0);
    expect(file.reads).toBe(0);
  });

  it("stats an unchanged file once per interval and never re-reads it", async () => {
    const { file, timing, creds } = await setup();
    for (let interval = 1; interval <= 3; interval++) {
      timing.advance(60_000);
      await Promise.all(Array.from({ length: 50 }, () => bearer(creds)));
      expect(file.stats).toBe(interval);
    }
    expect(file.reads).toBe(0);
  });

  it("picks up a rotated file at the next interval", async () => {
    const { file, timing, creds } = await setup();
    file.rotate("token-b");
    timing.advance(30_000);
    expect(await bearer(creds)).toBe("Bearer token-a");
    timing.advance(30_000);
    expect(await bearer(creds)).toBe("Bearer token-b");
    expect(file.reads).toBe(1);
  });

  it("keeps serving the last token when a periodic read fails (empty file mid-rewrite)", async () => {
    const { file, timing, creds } = await setup();
    file.rotate("");
    timing.advance(60_000);
    expect(await bearer(creds)).toBe("Bearer token-a");
  });
});

describe("afterUnauthorized", () => {
  it("re-reads once, even when the stat shows no change, and hands back the new token to retry with", async () => {
    const { file, creds } = await setup();
    const used = await creds.current();
    file.rewriteInvisibly("token-b");
    const retry = await creds.afterUnauthorized(used);
    expect(retry?.headers.authorization).toBe("Bearer token-b");
    expect(file.reads).toBe(1);
    expect(await bearer(creds)).toBe("Bearer token-b");
  });

  it("returns nothing to retry with when the re-read finds the same token", async () => {
    const { file, creds } = await setup();
    expect(await creds.afterUnauthorized(await creds.current())).toBeUndefined();
    expect(file.reads).toBe(1);
  });

  it("does not re-read again for further 401s within the minimum gap (no read per failing request)", async () => {
    const { file, timing, creds } = await setup();
    const used = await creds.current();
    expect(await creds.afterUnauthorized(used)).toBeUndefined();
    timing.advance(500);
    expect(await creds.afterUnauthorized(used)).toBeUndefined();
    expect(file.reads).toBe(1);
    timing.advance(600);
    file.rewriteInvisibly("token-b");
    expect((await creds.afterUnauthorized(used))?.headers.authorization).toBe("Bearer token-b");
    expect(file.reads).toBe(2);
  });

  it("shares one re-read among concurrent 401s", async () => {
    const { file, creds } = await setup();
    const used = await creds.current();
    file.rotate("token-b");
    let open = (): void => undefined;
    file.gate = new Promise((r) => {
      open = r;
    });
    const retries = Array.from({ length: 20 }, () => creds.afterUnauthorized(used));
    await Promise.resolve();
    open();
    const got = await Promise.all(retries);
    expect(got.map((c) => c?.headers.authorization)).toEqual(Array(20).fill("Bearer token-b"));
    expect(file.reads).toBe(1);
  });

  it("answers a 401 for an already-replaced token with the current one, without reading", async () => {
    const { file, timing, creds } = await setup();
    const old = await creds.current();
    file.rotate("token-b");
    timing.advance(60_000);
    expect(await bearer(creds)).toBe("Bearer token-b");
    file.reads = 0;
    expect((await creds.afterUnauthorized(old))?.headers.authorization).toBe("Bearer token-b");
    expect(file.reads).toBe(0);
  });

  it("rejects when the forced re-read fails, and keeps the old credential", async () => {
    const { file, creds } = await setup();
    file.rewriteInvisibly("  ");
    await expect(creds.afterUnauthorized(await creds.current())).rejects.toThrow(/empty/);
    expect(await bearer(creds)).toBe("Bearer token-a");
  });
});
