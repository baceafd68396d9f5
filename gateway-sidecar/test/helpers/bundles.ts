import nacl from "tweetnacl";
import type { BundlePayload, SignedBundle } from "@aispm/api/bundle";
import { signBundle } from "@aispm/api/bundle";

export interface TestKey {
  id: string;
  publicKey: string;
  secretKey: Uint8Array;
}

export function testKey(id: string): TestKey {
  const kp = nacl.sign.keyPair();
  return { id, publicKey: Buffer.from(kp.publicKey).toString("base64"), secretKey: kp.secretKey };
}

export function keysFile(keys: readonly TestKey[], revoked: readonly string[] = []): string {
  return JSON.stringify({ keys: keys.map((k) => ({ id: k.id, publicKey: k.publicKey })), revoked });
}

export interface BundleOptions {
  version: number;
  policy: Record<string, unknown>;
  nowMs?: number;
  /** validity window relative to now */
  notBeforeMs?: number;
  ttlMs?: number;
  keyId?: string;
}

export function payload(key: TestKey, o: BundleOptions): BundlePayload {
  const now = o.nowMs ?? Date.now();
  return {
    version: o.version,
    issuedAt: new Date(now + (o.notBeforeMs ?? -60_000)).toISOString(),
    expiresAt: new Date(now + (o.ttlMs ?? 3_600_000)).toISOString(),
    keyId: o.keyId ?? key.id,
    policy: o.policy as BundlePayload["policy"],
  };
}

export function signed(key: TestKey, o: BundleOptions): SignedBundle {
  return signBundle(payload(key, o), key.secretKey);
}

export function bundleText(key: TestKey, o: BundleOptions): string {
  return JSON.stringify(signed(key, o), null, 2);
}
