// Values people paste instead of real secrets: docs, templates, env references.
const PLACEHOLDER_WORDS = [
  "xxxx",
  "****",
  "....",
  "your",
  "example",
  "changeme",
  "change_me",
  "change-me",
  "placeholder",
  "redacted",
  "dummy",
  "sample",
  "insert",
  "replace",
  "todo",
  "fixme",
  "fake",
  "secret_here",
  "key_here",
  "token_here",
  "<",
  ">",
  "${",
  "{{",
  "%(",
  "process.env",
  "os.environ",
  "getenv",
  "env[",
  "env.",
  "$(",
  "secrets.",
  "vault:",
  "ref+",
  "none",
  "null",
  "undefined",
  "masked",
];

const SEQUENCES = ["0123456789", "1234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop"];

/** True when the value repeats a short unit ("abcabcabc", "ababab"). */
function isRepetitive(value: string): boolean {
  for (let unit = 1; unit <= 4 && unit * 3 <= value.length; unit++) {
    let same = true;
    for (let i = unit; i < value.length && same; i++) same = value.charCodeAt(i) === value.charCodeAt(i % unit);
    if (same) return true;
  }
  return false;
}

/** Template / placeholder / variable reference instead of a real value. */
export function isPlaceholder(value: string): boolean {
  const v = value.toLowerCase();
  if (PLACEHOLDER_WORDS.some((w) => v.includes(w))) return true;
  if (SEQUENCES.some((s) => v.includes(s.slice(0, 8)))) return true;
  if (/^\$[a-z_][a-z0-9_]*$/i.test(value)) return true; // $ENV_VAR
  return isRepetitive(v);
}
