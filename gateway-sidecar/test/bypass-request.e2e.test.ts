import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BLOCK_SECRET, postJson, REDACT_SECRET, startHarness, type Harness } from "./helpers/harness.js";
import { RawUpstream, recordedText } from "./helpers/raw-upstream.js";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const user = (content: unknown) => ({ role: "user", content });
const chat = (extra: Record<string, unknown>) => ({ model: "gpt-4o", messages: [user("hi")], ...extra });
const claude = (extra: Record<string, unknown>) => ({ model: "claude-sonnet-4-5", max_tokens: 16, messages: [user("hi")], ...extra });

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { k: v };
  return v;
}

/** Item 2: a secret anywhere the model or a tool can read it, one case per field that used to slip through. */
const CASES: [string, string, (secret: string) => Record<string, unknown>][] = [
  ["chat messages[].name", "/v1/chat/completions", (s) => ({ model: "m", messages: [{ role: "user", name: s, content: "hi" }] })],
  ["chat metadata", "/v1/chat/completions", (s) => chat({ metadata: { note: s } })],
  ["chat user", "/v1/chat/completions", (s) => chat({ user: s })],
  ["chat stop", "/v1/chat/completions", (s) => chat({ stop: [s] })],
  [
    "chat response_format schema",
    "/v1/chat/completions",
    (s) => chat({ response_format: { type: "json_schema", json_schema: { name: "x", schema: { description: s } } } }),
  ],
  [
    "chat tool description",
    "/v1/chat/completions",
    (s) =>
      chat({
        tools: [
          {
            type: "function",
            function: {
              name: "get_weather",
              description: s,
              parameters: { type: "object", properties: { q: { type: "string", description: s } } },
            },
          },
        ],
      }),
  ],
  ["chat prediction", "/v1/chat/completions", (s) => chat({ prediction: { type: "content", content: s } })],
  [
    "chat text data URL",
    "/v1/chat/completions",
    (s) => chat({ messages: [user([{ type: "file", file: { filename: "a.txt", file_data: `data:text/plain;base64,${b64(s)}` } }])] }),
  ],
  [
    "chat image URL with the secret",
    "/v1/chat/completions",
    (s) => chat({ messages: [user([{ type: "image_url", image_url: { url: `https://img.example/x.png?t=${s}` } }])] }),
  ],
  [
    "anthropic base64 text document",
    "/v1/messages",
    (s) => claude({ messages: [user([{ type: "document", source: { type: "base64", media_type: "text/plain", data: b64(s) } }])] }),
  ],
  [
    "anthropic search_result",
    "/v1/messages",
    (s) => claude({ messages: [user([{ type: "search_result", source: "u", title: "t", content: [{ type: "text", text: s }] }])] }),
  ],
  [
    "anthropic tool description",
    "/v1/messages",
    (s) => claude({ tools: [{ name: "get_weather", description: s, input_schema: { type: "object" } }] }),
  ],
  ["anthropic stop_sequences", "/v1/messages", (s) => claude({ stop_sequences: [s] })],
  [
    "anthropic tool_use.input 40 deep",
    "/v1/messages",
    (s) =>
      claude({
        messages: [{ role: "assistant", content: [{ type: "tool_use", id: "t1", name: "get_weather", input: nested(40, s) }] }, user("ok")],
      }),
  ],
  ["responses prompt.variables", "/v1/responses", (s) => ({ model: "m", prompt: { id: "p", variables: { x: s } }, input: "hi" })],
  [
    "responses file input",
    "/v1/responses",
    (s) => ({
      model: "m",
      input: [user([{ type: "input_file", filename: "a.json", file_data: `data:application/json;base64,${b64(`{"k":"${s}"}`)}` }])],
    }),
  ],
  ["completions nested prompt", "/v1/completions", (s) => ({ model: "m", prompt: [["hi", s]] })],
  ["embeddings nested input", "/v1/embeddings", (s) => ({ model: "m", input: [["hi", s]] })],
];

describe("request bypasses over real HTTP", () => {
  let h: Harness;
  let up: RawUpstream;
  beforeAll(async () => {
    up = new RawUpstream();
    up.reply = () => ({ body: JSON.stringify({ id: "x", object: "chat.completion", choices: [] }) });
    h = await startHarness({ upstream: up });
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(CASES)("item 2: blocks a blocking secret in %s before the upstream", async (_name, route, make) => {
    const before = up.requests.length;
    const res = await postJson(h.url(route), make(BLOCK_SECRET), { "anthropic-version": "2023-06-01" });
    expect(res.status).toBe(403);
    expect((res.body.error as { code: string }).code).toBe("GW_ERR_DLP_BLOCKED");
    expect(up.requests.length).toBe(before);
  });

  it.each(CASES)("item 2: redacts a redactable secret in %s in place", async (_name, route, make) => {
    const before = up.requests.length;
    const res = await postJson(h.url(route), make(REDACT_SECRET), { "anthropic-version": "2023-06-01" });
    expect(res.status).toBe(200);
    const sent = recordedText(up, before);
    expect(sent).not.toContain(REDACT_SECRET);
    expect(sent).not.toContain(b64(REDACT_SECRET).slice(0, 24));
    // written back into the same place (decoded and re-encoded for data URLs / base64 documents)
    expect(sent.includes("[REDACTED") || sent.includes(b64("[REDACTED").slice(0, 8))).toBe(true);
  });

  it("item 2: redacts query string values and refuses a secret in a custom header", async () => {
    const before = up.requests.length;
    const ok = await postJson(`${h.url("/v1/chat/completions")}?api-version=2024-10-21&trace=${REDACT_SECRET}`, chat({}));
    expect(ok.status).toBe(200);
    expect(up.urls.at(-1)).toContain("api-version=2024-10-21");
    expect(up.urls.at(-1)).not.toContain(REDACT_SECRET);
    const bad = await postJson(h.url("/v1/chat/completions"), chat({}), { "x-debug-token": REDACT_SECRET });
    expect(bad.status).toBe(403);
    expect((bad.body.error as { code: string }).code).toBe("GW_ERR_DLP_BLOCKED");
    expect(up.requests.length).toBe(before + 1);
  });

  it("item 3: refuses duplicate keys at any depth with 400 naming the path", async () => {
    const before = up.requests.length;
    const post = (raw: string) =>
      fetch(h.url("/v1/chat/completions"), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer x" },
        body: raw,
      });
    const top = await post(
      `{"model":"m","messages":[{"role":"user","content":"${BLOCK_SECRET}"}],"messages":[{"role":"user","content":"hello"}]}`,
    );
    expect(top.status).toBe(400);
    const topBody = (await top.json()) as { error: { code: string; message: string } };
    expect(topBody.error.code).toBe("GW_ERR_BAD_REQUEST");
    expect(topBody.error.message).toContain("$.messages");
    const inner = await post(`{"model":"m","messages":[{"role":"user","content":"${REDACT_SECRET}","\\u0063ontent":"hello"}]}`);
    expect(inner.status).toBe(400);
    expect(((await inner.json()) as { error: { message: string } }).error.message).toContain("$.messages[0].content");
    expect(up.requests.length).toBe(before);
  });

  it("item 3: answers 400, not 500, to 10,000-deep JSON with stream: true", async () => {
    const raw = `{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}],"metadata":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const res = await fetch(h.url("/v1/chat/completions"), { method: "POST", headers: { "content-type": "application/json" }, body: raw });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("GW_ERR_BAD_REQUEST");
  });
});
