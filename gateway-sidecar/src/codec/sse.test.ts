import { describe, expect, it } from "vitest";
import { SseParser, serializeSse, type SseEvent } from "./sse.js";

function parseAll(chunks: readonly (string | Uint8Array)[]): SseEvent[] {
  const p = new SseParser();
  const out: SseEvent[] = [];
  for (const c of chunks) out.push(...p.push(typeof c === "string" ? new TextEncoder().encode(c) : c));
  out.push(...p.end());
  return out;
}

describe("SseParser", () => {
  const wire = 'event: message_start\ndata: {"a":1}\n\n: comment\ndata: line1\ndata: line2\nid: 7\n\nretry: 500\ndata: [DONE]\n\n';
  const expected: SseEvent[] = [
    { event: "message_start", data: '{"a":1}' },
    { data: "line1\nline2", id: "7" },
    { data: "[DONE]", retry: 500 },
  ];

  it("parses events, multi-line data, comments, id and retry", () => {
    expect(parseAll([wire])).toEqual(expected);
  });

  it("gives the same events for every split position, with CRLF and CR line ends too", () => {
    for (const variant of [wire, wire.replace(/\n/g, "\r\n"), wire.replace(/\n/g, "\r")]) {
      for (let i = 1; i < variant.length; i++) expect(parseAll([variant.slice(0, i), variant.slice(i)])).toEqual(expected);
    }
  });

  it("reassembles UTF-8 sequences split across chunks", () => {
    const bytes = new TextEncoder().encode("data: héllo 😀\n\n");
    for (let i = 1; i < bytes.length; i++) expect(parseAll([bytes.slice(0, i), bytes.slice(i)])).toEqual([{ data: "héllo 😀" }]);
  });

  it("flushes an unterminated final event and round-trips through the serializer", () => {
    expect(parseAll(["data: tail"])).toEqual([{ data: "tail" }]);
    const events: SseEvent[] = [{ event: "x", data: "a\nb" }, { data: "" }, { data: "{}", id: "1" }];
    expect(parseAll([events.map(serializeSse).join("")])).toEqual(events);
  });
});
