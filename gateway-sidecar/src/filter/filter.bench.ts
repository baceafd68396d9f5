// Latency harness for the bench runner: full default policy (all sets, all passes,
// injection on) over prompts of the given sizes.
import { compileFilter } from "./index.js";

export interface BenchRow {
  sizeKiB: number;
  p50Ms: number;
  p99Ms: number;
}

// A realistic chat prompt: prose, a code snippet with config, numbers, a URL, one e-mail.
const PROMPT_UNIT = [
  "Hi! Can you help me refactor this function? It reads config from the environment, calls the billing API ",
  "at https://api.internal.acme/v2/invoices?id=1234 and retries 3 times with backoff. Contact: jane.doe@acme-corp.io\n",
  "```ts\nexport async function fetchInvoices(client: Client, since: Date): Promise<Invoice[]> {\n",
  "  const res = await client.get(`/v2/invoices?since=${since.toISOString()}`, { timeout: 5_000 });\n",
  "  if (!res.ok) throw new Error(`billing ${res.status}`);\n  return (await res.json()) as Invoice[];\n}\n```\n",
  "The user asked on 2024-05-01 for a summary of order #4815162342; keep it under 200 words and list action items.\n",
].join("");

export function benchPrompt(sizeKiB: number): string {
  const n = sizeKiB * 1024;
  return PROMPT_UNIT.repeat(Math.ceil(n / PROMPT_UNIT.length)).slice(0, n);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

export function benchFilter(sizesKiB: number[], iterations: number): BenchRow[] {
  const filter = compileFilter({ podSelector: {}, failMode: "closed" });
  return sizesKiB.map((sizeKiB) => {
    const text = benchPrompt(sizeKiB);
    for (let i = 0; i < Math.min(200, iterations); i++) filter.scan(text); // warm JIT and RE2 DFA caches
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      filter.scan(text);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { sizeKiB, p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99) };
  });
}
