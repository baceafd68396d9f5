/** Request bodies and constants shared by the bench and its stub upstream. Deterministic. */

/**
 * An SSN the default policy redacts (national-ids); the stub answers "LEAKED" if it arrives raw.
 * (Well-known invalid or sample values such as 123-45-6789 are rejected by the detector's validator.)
 */
export const RAW_SECRET = "536-22-8142";
export const REPLY = "The deployment looks fine; watch the retry storm risk on the queue consumer.";

/** Realistic prompt text: prose, code, a URL and numbers, no secrets. */
export function prompt(bytes: number): string {
  const parts = [
    "Please review the following deployment notes and summarise the risks for the on-call team. ",
    "The service reads orders from the queue, validates them against the catalogue and writes invoices. ",
    "function total(items) { return items.reduce((s, i) => s + i.price * i.qty, 0); }\n",
    "See https://docs.example.org/runbooks/orders#retries for the retry policy (3 attempts, 250 ms backoff). ",
    "Latency p99 was 412 ms last week; error budget remaining 63.5 percent; 17 pods across 3 zones. ",
  ];
  let out = "";
  for (let i = 0; out.length < bytes; i++) out += parts[i % parts.length] ?? "";
  return out.slice(0, bytes);
}

/** 1 KiB with three redactable findings: an SSN, a password assignment and an e-mail address. */
export function secretPrompt(): string {
  const secrets = ` customer ssn ${RAW_SECRET}, db password=Xk29fLq8ZrT4, contact jane.doe@acme-corp.io. `;
  const base = prompt(1024 - secrets.length);
  return base.slice(0, 400) + secrets + base.slice(400);
}

export type Kind = "clean" | "secret" | "stream";

export function chatBody(kind: Kind, model = "gpt-4o"): string {
  const content = kind === "secret" ? secretPrompt() : prompt(1024);
  return JSON.stringify({ model, max_tokens: 64, stream: kind === "stream", messages: [{ role: "user", content }] });
}
