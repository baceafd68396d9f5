import { wordlist } from "@scure/bip39/wordlists/english.js";
import { near, PRIORITY, type DetectorDef } from "../detector.js";
import { locateMnemonics } from "../validators/bip39.js";
import { hexPrivateKeyValid, wifValid, xprvValid } from "../validators/crypto-keys.js";

const set = "crypto-wallets";
const BASE58 = "1-9A-HJ-NP-Za-km-z";
// Candidates are runs of list words only: "any 12 words" made every long sentence of prose a
// candidate (one every ~70 characters), which is work and noise for nothing.
const WORD = `(?:${wordlist.join("|")})`;

export const CRYPTO_DETECTORS: readonly DetectorDef[] = [
  {
    id: "bip39-seed-phrase",
    set,
    description: "BIP39 English mnemonic (12/15/18/21/24 words, checksum validated)",
    // Candidate: 12+ words separated by spaces/commas, optionally numbered ("1. word 2. word").
    pattern: String.raw`(?i:\b${WORD}(?:[\s,;]+(?:\d{1,2}[.):]?\s+)?${WORD}){11,}\b)`,
    prefilter: String.raw`(?i:[a-z]{3,8}(?:[\s,;]+(?:\d{1,2}[.):]?\s+)?[a-z]{3,8}){11})`,
    locate: locateMnemonics,
    maxLen: 24 * 9 + 24 * 5,
    priority: PRIORITY.prefixed,
  },
  {
    id: "extended-private-key",
    set,
    description: "BIP32 extended private key (xprv/tprv/yprv/zprv/uprv/vprv, base58check)",
    pattern: String.raw`\b[xtyzuvYZ]prv[${BASE58}]{107,108}\b`,
    prefilter: "prv",
    validate: xprvValid,
    maxLen: 112,
    priority: PRIORITY.prefixed,
  },
  {
    id: "wif-private-key",
    set,
    description: "Bitcoin WIF private key (base58check, version 0x80/0xef)",
    pattern: String.raw`\b[5KLc9][${BASE58}]{50,51}\b`,
    validate: wifValid,
    maxLen: 52,
    priority: PRIORITY.prefixed,
  },
  {
    id: "hex-private-key",
    set,
    description: "Ethereum / secp256k1 hex private key (64 hex) next to private-key wording",
    pattern: near(
      "private[_ \\-]?key|priv[_ \\-]?key|secret[_ \\-]?key|eth(?:ereum)?[_ \\-]?key|wallet[_ \\-]?key|signer[_ \\-]?key|mnemonic",
      "(?:0x)?[a-fA-F0-9]{64}",
      30,
    ),
    prefilter: "(?i:priv|secret|eth|wallet|signer|mnemonic)",
    validate: hexPrivateKeyValid,
    maxLen: 66,
    priority: PRIORITY.contextual,
  },
];
