import { base58CheckDecode } from "./base58check.js";
import { shannonEntropy } from "./entropy.js";

// BIP32 version bytes of extended PRIVATE keys (xprv, tprv, yprv, zprv, uprv, vprv, Yprv, Zprv).
const XPRV_VERSIONS = new Set([0x0488ade4, 0x04358394, 0x049d7878, 0x04b2430c, 0x044a4e28, 0x045f18bc, 0x0295b005, 0x02aa7a99]);

/** Extended private key: base58check, 78-byte payload, private version, key byte 0x00. */
export function xprvValid(text: string): boolean {
  const p = base58CheckDecode(text);
  if (p?.length !== 78) return false;
  const version = (((p[0] ?? 0) << 24) | ((p[1] ?? 0) << 16) | ((p[2] ?? 0) << 8) | (p[3] ?? 0)) >>> 0;
  return XPRV_VERSIONS.has(version) && p[45] === 0;
}

/** Wallet Import Format: base58check, version 0x80 (main) / 0xef (test), 32-byte key (+0x01 if compressed). */
export function wifValid(text: string): boolean {
  const p = base58CheckDecode(text);
  if (p === null || (p[0] !== 0x80 && p[0] !== 0xef)) return false;
  return p.length === 33 || (p.length === 34 && p[33] === 0x01);
}

// secp256k1 group order: valid private keys are in [1, n-1].
const SECP256K1_N = BigInt("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

/** 32-byte hex private key: in curve range and random-looking (not 000..., not deadbeef...). */
export function hexPrivateKeyValid(text: string): boolean {
  const hex = text.startsWith("0x") || text.startsWith("0X") ? text.slice(2) : text;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  const k = BigInt("0x" + hex);
  return k > 0n && k < SECP256K1_N && shannonEntropy(hex.toLowerCase()) >= 3.0;
}
