import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the upstream does for one request. Everything is deterministic; nothing is random. */
export interface Script {
  /** completion text; default "echo: <last user text>" */
  text?: string;
  toolCalls?: { name: string; arguments: string }[];
  /** split streamed text into deltas of this many characters (default 8) */
  chunkChars?: number;
  /** split streamed tool names into pieces of this many characters (OpenAI chat only; default whole) */
  toolNameChunkChars?: number;
  usage?: { input: number; output: number };
  /** omit usage from the response entirely */
  noUsage?: boolean;
  /** wait before sending response headers */
  headerDelayMs?: number;
  /** wait between SSE events */
  eventDelayMs?: number;
  /** stop mid-stream and go silent after this many events (for idle timeouts) */
  stallAfterEvents?: number;
  status?: number;
  errorBody?: unknown;
}

export interface Recorded {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

type Part = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((p: Part) => (typeof p.text === "string" ? p.text : typeof p.content === "string" ? p.content : textOf(p.content)))
    .join(" ");
}

/** Last user-visible text of any supported request shape. */
export function lastUserText(path: string, body: Record<string, unknown>): string {
  if (path === "/v1/completions" || path === "/v1/embeddings")
    return textOf(Array.isArray(body.prompt ?? body.input) ? (body.prompt ?? body.input) : [{ text: body.prompt ?? body.input }]);
  if (path === "/v1/responses") return typeof body.input === "string" ? body.input : textOf((body.input as Part[]).at(-1)?.content);
  const messages = (body.messages ?? []) as Part[];
  return textOf(messages.filter((m) => m.role === "user").at(-1)?.content);
}

function split(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [""];
}

/**
 * An OpenAI- and Anthropic-compatible upstream on 127.0.0.1 for end-to-end tests and the bench:
 * echoes the prompt (or scripted text), streams SSE with configurable chunking, reports usage.
 */
export class DeterministicUpstream {
  private server: Server | null = null;
  readonly requests: Recorded[] = [];
  /** per-request script; tests replace it */
  script: (req: Recorded) => Script = () => ({});
  url = "";
  private readonly open = new Set<ServerResponse>();

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const addr = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${addr.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    const server = this.server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.open.add(res);
    res.on("close", () => this.open.delete(res));
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? "").split("?")[0] ?? "";
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    const rec: Recorded = { path, headers: req.headers, body };
    this.requests.push(rec);
    const s = this.script(rec);
    if (s.headerDelayMs !== undefined) await sleep(s.headerDelayMs);
    if (res.destroyed) return;
    if (s.status !== undefined && s.status >= 400) {
      res
        .writeHead(s.status, { "content-type": "application/json" })
        .end(JSON.stringify(s.errorBody ?? { error: { message: "scripted error" } }));
      return;
    }
    const text = s.text ?? `echo: ${lastUserText(path, body)}`;
    const usage =
      s.noUsage === true
        ? undefined
        : (s.usage ?? { input: Math.ceil(JSON.stringify(body).length / 4), output: Math.ceil(text.length / 4) });
    const ctx: Ctx = { s, text, usage, body };
    if (body.stream === true) await this.stream(res, path, ctx);
    else
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "req-upstream" }).end(JSON.stringify(jsonReply(path, ctx)));
  }

  private async stream(res: ServerResponse, path: string, ctx: Ctx): Promise<void> {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const events = sseEvents(path, ctx);
    let n = 0;
    for (const ev of events) {
      if (res.destroyed) return;
      if (ctx.s.stallAfterEvents !== undefined && n >= ctx.s.stallAfterEvents) {
        await sleep(60_000); // silent until the client gives up or the server closes
        return;
      }
      res.write(ev);
      n++;
      if (ctx.s.eventDelayMs !== undefined) await sleep(ctx.s.eventDelayMs);
    }
    res.end();
  }
}

interface Ctx {
  s: Script;
  text: string;
  usage: { input: number; output: number } | undefined;
  body: Record<string, unknown>;
}

const data = (obj: unknown) => `data: ${JSON.stringify(obj)}\n\n`;
const named = (event: string, obj: Part) => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...obj })}\n\n`;

function jsonReply(path: string, { s, text, usage }: Ctx): unknown {
  const calls = s.toolCalls ?? [];
  switch (path) {
    case "/v1/chat/completions":
      return {
        id: "chatcmpl-det",
        object: "chat.completion",
        model: "det",
        choices: [
          {
            index: 0,
            finish_reason: calls.length > 0 ? "tool_calls" : "stop",
            message: {
              role: "assistant",
              content: text,
              tool_calls: calls.length > 0 ? calls.map((c, i) => ({ id: `call_${i}`, type: "function", function: c })) : undefined,
            },
          },
        ],
        usage: usage && { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
      };
    case "/v1/completions":
      return {
        id: "cmpl-det",
        object: "text_completion",
        choices: [{ index: 0, text, finish_reason: "stop" }],
        usage: usage && { prompt_tokens: usage.input, completion_tokens: usage.output },
      };
    case "/v1/embeddings":
      return {
        object: "list",
        data: [{ object: "embedding", index: 0, embedding: [0.1, 0.2, 0.3] }],
        usage: usage && { prompt_tokens: usage.input, total_tokens: usage.input },
      };
    case "/v1/responses":
      return {
        id: "resp_det",
        object: "response",
        status: "completed",
        output: responsesOutput(text, calls),
        usage: usage && { input_tokens: usage.input, output_tokens: usage.output },
      };
    default:
      return {
        id: "msg_det",
        type: "message",
        role: "assistant",
        content: [
          { type: "text", text },
          ...calls.map((c, i) => ({ type: "tool_use", id: `tu_${i}`, name: c.name, input: JSON.parse(c.arguments) as unknown })),
        ],
        stop_reason: calls.length > 0 ? "tool_use" : "end_turn",
        usage: usage && { input_tokens: usage.input, output_tokens: usage.output },
      };
  }
}

function responsesOutput(text: string, calls: { name: string; arguments: string }[]): unknown[] {
  return [
    { type: "message", id: "msg_0", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] },
    ...calls.map((c, i) => ({ type: "function_call", id: `fc_${i}`, call_id: `c_${i}`, name: c.name, arguments: c.arguments })),
  ];
}

function sseEvents(path: string, ctx: Ctx): string[] {
  const pieces = split(ctx.text, ctx.s.chunkChars ?? 8);
  switch (path) {
    case "/v1/chat/completions":
      return chatEvents(ctx, pieces);
    case "/v1/completions": {
      const head = { id: "cmpl-det", object: "text_completion", model: "det" };
      const out = pieces.map((p) => data({ ...head, choices: [{ index: 0, text: p, finish_reason: null }] }));
      out.push(data({ ...head, choices: [{ index: 0, text: "", finish_reason: "stop" }] }));
      if (ctx.usage && (ctx.body.stream_options as Part | undefined)?.include_usage === true) {
        out.push(data({ ...head, choices: [], usage: { prompt_tokens: ctx.usage.input, completion_tokens: ctx.usage.output } }));
      }
      return [...out, "data: [DONE]\n\n"];
    }
    case "/v1/responses":
      return responsesEvents(ctx, pieces);
    default:
      return anthropicEvents(ctx, pieces);
  }
}

function chatEvents(ctx: Ctx, pieces: string[]): string[] {
  const head = { id: "chatcmpl-det", object: "chat.completion.chunk", created: 1, model: "det" };
  const chunk = (delta: Part, finish: string | null = null) => data({ ...head, choices: [{ index: 0, delta, finish_reason: finish }] });
  const out = [chunk({ role: "assistant", content: "" }), ...pieces.map((p) => chunk({ content: p }))];
  (ctx.s.toolCalls ?? []).forEach((c, index) => {
    const names = split(c.name, ctx.s.toolNameChunkChars ?? c.name.length);
    names.forEach((n, j) =>
      out.push(
        chunk({
          tool_calls: [{ index, ...(j === 0 ? { id: `call_${index}`, type: "function" } : {}), function: { name: n, arguments: "" } }],
        }),
      ),
    );
    for (const a of split(c.arguments, 5)) out.push(chunk({ tool_calls: [{ index, function: { arguments: a } }] }));
  });
  out.push(chunk({}, (ctx.s.toolCalls ?? []).length > 0 ? "tool_calls" : "stop"));
  if (ctx.usage && (ctx.body.stream_options as Part | undefined)?.include_usage === true) {
    out.push(
      data({
        ...head,
        choices: [],
        usage: { prompt_tokens: ctx.usage.input, completion_tokens: ctx.usage.output, total_tokens: ctx.usage.input + ctx.usage.output },
      }),
    );
  }
  return [...out, "data: [DONE]\n\n"];
}

function responsesEvents(ctx: Ctx, pieces: string[]): string[] {
  const out = [named("response.created", { response: { id: "resp_det", status: "in_progress", output: [] } })];
  out.push(
    named("response.output_item.added", { output_index: 0, item: { type: "message", id: "msg_0", role: "assistant", content: [] } }),
  );
  for (const p of pieces) out.push(named("response.output_text.delta", { item_id: "msg_0", output_index: 0, content_index: 0, delta: p }));
  out.push(named("response.output_text.done", { item_id: "msg_0", output_index: 0, content_index: 0, text: ctx.text }));
  (ctx.s.toolCalls ?? []).forEach((c, i) => {
    const item = { type: "function_call", id: `fc_${i}`, call_id: `c_${i}`, name: c.name, arguments: "" };
    out.push(named("response.output_item.added", { output_index: i + 1, item }));
    out.push(named("response.function_call_arguments.delta", { item_id: item.id, output_index: i + 1, delta: c.arguments }));
    out.push(named("response.output_item.done", { output_index: i + 1, item: { ...item, arguments: c.arguments } }));
  });
  const usage = ctx.usage && { input_tokens: ctx.usage.input, output_tokens: ctx.usage.output };
  out.push(
    named("response.completed", {
      response: { id: "resp_det", status: "completed", output: responsesOutput(ctx.text, ctx.s.toolCalls ?? []), usage },
    }),
  );
  return out;
}

function anthropicEvents(ctx: Ctx, pieces: string[]): string[] {
  const out = [
    named("message_start", {
      message: {
        id: "msg_det",
        type: "message",
        role: "assistant",
        content: [],
        usage: { input_tokens: ctx.usage?.input ?? 0, output_tokens: 1 },
      },
    }),
  ];
  out.push(named("content_block_start", { index: 0, content_block: { type: "text", text: "" } }));
  for (const p of pieces) out.push(named("content_block_delta", { index: 0, delta: { type: "text_delta", text: p } }));
  out.push(named("content_block_stop", { index: 0 }));
  (ctx.s.toolCalls ?? []).forEach((c, i) => {
    out.push(named("content_block_start", { index: i + 1, content_block: { type: "tool_use", id: `tu_${i}`, name: c.name, input: {} } }));
    out.push(named("content_block_delta", { index: i + 1, delta: { type: "input_json_delta", partial_json: c.arguments } }));
    out.push(named("content_block_stop", { index: i + 1 }));
  });
  out.push(named("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: ctx.usage?.output ?? 0 } }));
  out.push(named("message_stop", {}));
  return out;
}
