/**
 * The bench's upstream, run as its own process so it never shares an event loop with the load
 * generator: the deterministic stub with one fixed reply. Streamed replies pace their events 1 ms
 * apart so time to first token differs from time to last. A prompt that still carries the bench's
 * raw SSN gets the reply "LEAKED", which lets the bench check the gateway really redacts.
 * Prints {"url": …} once listening.
 */
import { DeterministicUpstream, lastUserText } from "../../gateway-sidecar/test/deterministic-upstream.js";
import { RAW_SECRET, REPLY } from "./workload.js";

const upstream = new DeterministicUpstream();
upstream.script = (rec) => ({
  text: lastUserText(rec.path, rec.body).includes(RAW_SECRET) ? "LEAKED" : REPLY,
  usage: { input: 256, output: 20 },
  chunkChars: 8,
  eventDelayMs: rec.body.stream === true ? 1 : undefined,
});
// The stub keeps every request for tests; a bench sends tens of thousands, so drop them.
setInterval(() => upstream.requests.splice(0), 1_000).unref();
await upstream.start();
console.log(JSON.stringify({ url: upstream.url }));
process.on("SIGTERM", () => {
  void upstream.close().then(() => process.exit(0));
});
