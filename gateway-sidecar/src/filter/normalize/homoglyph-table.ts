// Confusable characters folded to the ASCII they imitate. Hand-picked from the
// visually identical (or near-identical) sets used in spoofing: Cyrillic, Greek,
// Armenian, Cherokee, Latin small capitals and IPA, punctuation look-alikes, plus
// whole blocks (fullwidth, mathematical alphanumerics, enclosed/regional letters)
// generated from their layout. Built once at module load.

// Pairs are written "<confusable><ascii>" separated by spaces.
const PAIRS = [
  // Cyrillic uppercase / lowercase
  "АA ВB СC ЕE НH ІI ЈJ КK МM ОO РP ЅS ТT ХX УY ԜW ԚQ ӀI ԌG ԀD",
  "аa вb сc еe һh іi јj кk мm оo рp ѕs тt хx уy ԝw ԛq ӏl ԁd ɡg үy ѵv ѡw ӡ3 ьb",
  "ЁE ёe ЇI їi ӒA ӓa ӦO ӧo ӰY ӱy ԗh ҺH ҮY Ҡk",
  // Greek
  "ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX ϹC ϒY",
  "αa βb γy εe ιi κk νv οo ρp τt υu χx ϲc ϳj ωw ϱp ϵe ϰk",
  // Armenian
  "օo սu ցg ոn հh զq ռn ևu ՕO ՍU",
  // Cherokee capitals that imitate Latin
  "ᎪA ᏴB ᏟC ᎠD ᎬE ᏀG ᎻH ᎫJ ᏦK ᏞL ᎷM ᏢP ᏚS ᎢT ᏙV ᏔW ᏃZ Ꮟb",
  // Latin small capitals, IPA and other look-alike letters
  "ᴀa ʙb ᴄc ᴅd ᴇe ꜰf ɢg ʜh ɪi ᴊj ᴋk ʟl ᴍm ɴn ᴏo ᴘp ǫq ʀr ꜱs ᴛt ᴜu ᴠv ᴡw ʏy ᴢz",
  "ıi ȷj ɑa ɩi ɪi ɒa ɔc ɛe ɜ3 ɵo ʋv ʌv ʍw ꞵb ℓl ℮e ⅼl ℯe ℊg ℴo",
  // Punctuation and symbol look-alikes
  "‐- ‑- ‒- –- —- ―- −- ﹣- ‘' ’' ‚' ‛' ′' ＇' “\" ”\" „\" ″\" ⁄/ ∕/ ⧸/ ∶: ꞉: ․. ‧. ٠0 ۰0 ǀ| ∣| ｜|",
];

function addPairs(table: Map<number, string>): void {
  for (const line of PAIRS) {
    for (const pair of line.split(" ")) {
      const chars = Array.from(pair);
      const [src, dst] = chars;
      if (chars.length === 2 && src !== undefined && dst !== undefined) {
        table.set(src.codePointAt(0) ?? 0, dst);
      }
    }
  }
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

function addRange(table: Map<number, string>, first: number, chars: string): void {
  for (let i = 0; i < chars.length; i++) table.set(first + i, chars.charAt(i));
}

/** Block layouts that map position-wise onto A-Z / a-z / 0-9. */
function addBlocks(table: Map<number, string>): void {
  // Fullwidth ASCII FF01..FF5E mirrors 0x21..0x7E.
  for (let cp = 0xff01; cp <= 0xff5e; cp++) table.set(cp, String.fromCharCode(cp - 0xff01 + 0x21));
  // Mathematical alphanumerics: 13 styles of 52 letters, then 5 styles of 10 digits.
  for (let cp = 0x1d400; cp <= 0x1d6a3; cp++) {
    const k = (cp - 0x1d400) % 52;
    table.set(cp, k < 26 ? UPPER.charAt(k) : LOWER.charAt(k - 26));
  }
  for (let cp = 0x1d7ce; cp <= 0x1d7ff; cp++) table.set(cp, DIGITS.charAt((cp - 0x1d7ce) % 10));
  addRange(table, 0x24b6, UPPER); // circled capitals
  addRange(table, 0x24d0, LOWER); // circled small
  addRange(table, 0x249c, LOWER); // parenthesized small
  addRange(table, 0x1f130, UPPER); // squared capitals
  addRange(table, 0x1f150, UPPER); // negative circled capitals
  addRange(table, 0x1f170, UPPER); // negative squared capitals
  addRange(table, 0x1f1e6, UPPER); // regional indicators
  addRange(table, 0x2460, "123456789"); // circled digits
  addRange(table, 0x2080, DIGITS); // subscript digits
  addRange(table, 0x2070, "0i"); // superscript zero, i
  addRange(table, 0x2074, "456789"); // superscript digits
  table.set(0xb9, "1");
  table.set(0xb2, "2");
  table.set(0xb3, "3");
}

/** Latin-1 / Latin Extended-A letters with diacritics fold to their base letter. */
function addDiacritics(table: Map<number, string>): void {
  for (let cp = 0xc0; cp <= 0x24f; cp++) {
    if (table.has(cp)) continue;
    const base = String.fromCodePoint(cp).normalize("NFD").charAt(0);
    if (/^[A-Za-z]$/.test(base)) table.set(cp, base);
  }
  table.set(0xd8, "O");
  table.set(0xf8, "o");
  table.set(0x141, "L");
  table.set(0x142, "l");
  table.set(0x110, "D");
  table.set(0x111, "d");
}

function buildTable(): Map<number, string> {
  const table = new Map<number, string>();
  addPairs(table);
  addBlocks(table);
  addDiacritics(table);
  return table;
}

/** code point → ASCII replacement */
export const HOMOGLYPHS: ReadonlyMap<number, string> = buildTable();
