import { validateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { describe, expect, it } from "vitest";
import { base58CheckDecode, base58CheckEncode } from "./base58check.js";
import { locateMnemonics } from "./bip39.js";
import { cardIinValid, cardValid } from "./card.js";
import { digitCountIn, e164Valid, emailValid, nanpValid } from "./contact.js";
import { hexPrivateKeyValid, wifValid, xprvValid } from "./crypto-keys.js";
import { charClasses, shannonEntropy } from "./entropy.js";
import { deTaxIdValid, esDniValid, frNirValid, itCodiceFiscaleValid, ninoValid, nlBsnValid, plPeselValid } from "./eu-ids.js";
import { basicAuthValid } from "./http-auth.js";
import { ibanRemainder, ibanValid } from "./iban.js";
import { jweValid, jwtValid } from "./jwt.js";
import { luhnValid } from "./luhn.js";
import { aadhaarValid, brCpfValid, caSinValid, inPanValid } from "./other-ids.js";
import { isPlaceholder } from "./placeholder.js";
import { looksLikePassword, looksLikeSecret, urlPasswordValid } from "./secret-value.js";
import { abaRoutingValid, itinValid, ssnValid } from "./us-ids.js";
import { verhoeffCheckDigit, verhoeffValid } from "./verhoeff.js";

describe("checksums", () => {
  it("luhn", () => {
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("79927398710")).toBe(false);
    expect(luhnValid("")).toBe(false);
  });

  it("verhoeff", () => {
    expect(verhoeffValid("2363")).toBe(true);
    expect(verhoeffValid("2364")).toBe(false);
    expect(verhoeffCheckDigit("236")).toBe(3);
  });

  it("iban: length table and mod 97", () => {
    expect(ibanRemainder("GB82WEST12345698765432")).toBe(1);
    expect(ibanValid("GB82 WEST 1234 5698 7654 32")).toBe(false); // published specimen
    const body = "370400440532013001";
    const check = String(98 - ibanRemainder(`DE00${body}`)).padStart(2, "0");
    expect(ibanValid(`DE${check}${body}`)).toBe(true);
    expect(ibanValid("DE89370400440532013001")).toBe(false);
    expect(ibanValid("DE8937040044053201300")).toBe(false); // wrong length for DE
    expect(ibanValid("XX89370400440532013000")).toBe(false);
  });

  it("payment cards: IIN, length, Luhn, published test PANs excluded", () => {
    expect(cardValid("4539 1488 0343 6467")).toBe(true);
    expect(cardValid("4539-1488-0343-6467")).toBe(true);
    expect(cardValid("4539 1488-0343 6467")).toBe(false); // mixed separators
    expect(cardValid("4539 1488 0343 6468")).toBe(false);
    expect(cardValid("4242 4242 4242 4242")).toBe(false);
    expect(cardIinValid("378282246310005")).toBe(true);
    expect(cardIinValid("9999999999999999")).toBe(false);
  });

  it("base58check round-trip and WIF / xprv", () => {
    const payload = Uint8Array.from([0x80, ...new Array<number>(32).fill(7), 0x01]);
    const wif = base58CheckEncode(payload);
    expect(base58CheckDecode(wif)).toEqual(payload);
    expect(wifValid(wif)).toBe(true);
    expect(wifValid(wif.slice(0, -1) + (wif.endsWith("a") ? "b" : "a"))).toBe(false);
    expect(xprvValid(wif)).toBe(false);
    expect(base58CheckDecode("0OIl")).toBeNull();
  });

  it("hex private keys must be in the secp256k1 range and random-looking", () => {
    expect(hexPrivateKeyValid("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")).toBe(true);
    expect(hexPrivateKeyValid("0".repeat(64))).toBe(false);
    expect(hexPrivateKeyValid("f".repeat(64))).toBe(false);
  });
});

describe("national ids", () => {
  it("US SSN / ITIN / routing", () => {
    expect(ssnValid("536-22-1234")).toBe(true);
    for (const bad of ["000-12-3456", "666-12-3456", "912-12-3456", "536-00-1234", "536-22-0000", "078-05-1120", "536-22 1234"])
      expect(ssnValid(bad)).toBe(false);
    expect(itinValid("912-78-1234")).toBe(true);
    expect(itinValid("912-45-1234")).toBe(false);
    expect(abaRoutingValid("011000015")).toBe(true);
    expect(abaRoutingValid("011000016")).toBe(false);
  });

  it("UK NINO, Canadian SIN, Aadhaar, PAN, CPF", () => {
    expect(ninoValid("AB 12 34 56 C")).toBe(true);
    expect(ninoValid("QQ 12 34 56 C")).toBe(false);
    expect(ninoValid("GB123456A")).toBe(false);
    expect(caSinValid("130 692 544")).toBe(true);
    expect(caSinValid("130 692 545")).toBe(false);
    expect(caSinValid("046 454 286")).toBe(false); // leading 0: the CRA's fictitious example range
    expect(aadhaarValid("2345 6789 0124".replace(/\d$/, String(verhoeffCheckDigit("23456789012"))))).toBe(true);
    expect(aadhaarValid("1234 5678 9012")).toBe(false);
    expect(inPanValid("AFZPK7190K")).toBe(true);
    expect(inPanValid("AFZXK7190K")).toBe(false);
    expect(brCpfValid("529.982.247-25")).toBe(true);
    expect(brCpfValid("111.111.111-11")).toBe(false);
  });

  it("EU ids", () => {
    expect(deTaxIdValid("86095742719")).toBe(true);
    expect(deTaxIdValid("86095742718")).toBe(false);
    expect(esDniValid("12345678Z")).toBe(true);
    expect(esDniValid("X1234567L")).toBe(true);
    expect(esDniValid("12345678A")).toBe(false);
    expect(nlBsnValid("111222333")).toBe(true);
    expect(nlBsnValid("111222334")).toBe(false);
    expect(plPeselValid("44051401359")).toBe(true);
    expect(plPeselValid("44051401358")).toBe(false);
    expect(itCodiceFiscaleValid("RSSMRA85T10A562S")).toBe(true);
    expect(itCodiceFiscaleValid("RSSMRA85T10A562T")).toBe(false);
    const body = "1850578006084";
    const key = String(97 - Number(BigInt(body) % 97n)).padStart(2, "0");
    expect(frNirValid(`1 85 05 78 006 084 ${key}`)).toBe(true);
    expect(frNirValid(`1 85 05 78 006 084 ${key === "00" ? "01" : "00"}`)).toBe(false);
  });
});

describe("contact", () => {
  it("e-mail excludes reserved domains, git remotes and image suffixes", () => {
    expect(emailValid("jane.doe@acme-corp.io")).toBe(true);
    expect(emailValid("user@example.com")).toBe(false);
    expect(emailValid("git@github.com")).toBe(false);
    expect(emailValid("icon@2x.png")).toBe(false);
  });

  it("phone digit counts and NANP rules", () => {
    expect(e164Valid("+49 30 1234 5678")).toBe(true);
    expect(e164Valid("+1 22")).toBe(false);
    expect(nanpValid("(415) 555-2671")).toBe(true);
    expect(nanpValid("(123) 456-7890")).toBe(false);
    expect(nanpValid("(911) 456-7890")).toBe(false);
    expect(nanpValid("(415) 555-0123")).toBe(false);
    expect(digitCountIn("06 12 34 56 78", 10, 10)).toBe(true);
  });
});

describe("secret heuristics", () => {
  it("entropy and classes", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(charClasses("aB3$")).toBe(4);
  });

  it("placeholders", () => {
    for (const p of ["xxxxxxxx", "YOUR_API_KEY", "<your-key>", "changeme", "${TOKEN}", "process.env.KEY", "abcabcabcabc", "$API_KEY"])
      expect(isPlaceholder(p)).toBe(true);
    expect(isPlaceholder("q8Lz2VfT0pRk7Ns4")).toBe(false);
  });

  it("generic secret values reject hashes, UUIDs, versions, paths and test keys", () => {
    expect(looksLikeSecret("q8Lz2VfT0pRk7Ns4Wb1Yc9Hd")).toBe(true);
    for (const v of [
      "da39a3ee5e6b4b0d3255bfef95601890afd80709",
      "123e4567-e89b-42d3-a456-426614174000",
      "v1.20.3",
      "/etc/ssl/private/key.pem",
      "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
      "getTokenFromVault",
    ]) {
      expect(looksLikeSecret(v)).toBe(false);
    }
  });

  it("passwords and URL passwords", () => {
    expect(looksLikePassword("Tr0ub4dor&3")).toBe(true);
    for (const v of ["string", "password", "config.db.password", "getPassword()", "${PASS}"]) expect(looksLikePassword(v)).toBe(false);
    expect(urlPasswordValid("s3cr3t!")).toBe(true);
    expect(urlPasswordValid("password")).toBe(false);
    expect(urlPasswordValid("****")).toBe(false);
  });
});

describe("structured tokens", () => {
  const b64 = (v: string): string => Buffer.from(v).toString("base64url");

  it("JWT / JWE headers", () => {
    expect(jwtValid(`${b64('{"alg":"HS256"}')}.${b64('{"sub":"1"}')}.sig`)).toBe(true);
    expect(jwtValid(`${b64('{"typ":"JWT"}')}.${b64('{"sub":"1"}')}.sig`)).toBe(false);
    expect(jwtValid("eyJnope.eyJnope.sig")).toBe(false);
    expect(jweValid(`${b64('{"alg":"dir","enc":"A256GCM"}')}..iv.ct.tag`)).toBe(true);
  });

  it("basic auth needs user:password", () => {
    expect(basicAuthValid(Buffer.from("svc:pa55").toString("base64"))).toBe(true);
    expect(basicAuthValid(Buffer.from("nocolon").toString("base64"))).toBe(false);
  });

  it("BIP39: only checksum-valid phrases are located", () => {
    const phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    expect(validateMnemonic(phrase, wordlist)).toBe(true);
    const text = `seed: ${phrase}. done`;
    expect(locateMnemonics(text)).toEqual([[6, 6 + phrase.length]]);
    expect(locateMnemonics(phrase.replace(/yellow$/, "zoo"))).toEqual([]);
    expect(locateMnemonics("abandon ability able about above absent absorb abstract absurd abuse access accident")).toEqual([]);
  });
});

describe("BIP39 checksum pre-check agrees with @scure/bip39", () => {
  it("on random index sequences of every valid length", async () => {
    const fc = (await import("fast-check")).default;
    const { checksumValid } = await import("./bip39.js");
    fc.assert(
      fc.property(
        fc.constantFrom(12, 15, 18, 21, 24),
        fc.array(fc.integer({ min: 0, max: 2047 }), { minLength: 24, maxLength: 24 }),
        (n, idx) => {
          const words = idx.slice(0, n);
          expect(checksumValid(words)).toBe(validateMnemonic(words.map((i) => wordlist[i]).join(" "), wordlist));
        },
      ),
      { numRuns: 500 },
    );
  });
});
