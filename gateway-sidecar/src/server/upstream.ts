import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import { GatewayError } from "../errors.js";
import type { ByteBudget } from "../limits/byte-budget.js";

export interface Timeouts {
  connectMs: number;
  headersMs: number;
  idleMs: number;
  totalMs: number;
}

export interface UpstreamCall {
  url: URL;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  timeouts: Timeouts;
  /** aborts the exchange (client went away, shutdown deadline) */
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** body chunks; idle and total timeouts apply while iterating */
  body: AsyncIterable<Buffer>;
  /** stops the exchange and frees the socket */
  close(): void;
}

/** Anything that is not our own timeout or abort is the upstream being unreachable or dropping us. */
export function classifyUpstreamError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const detail = code ?? (err instanceof Error ? err.message : "connection failed");
  return new GatewayError("GW_ERR_UPSTREAM_UNREACHABLE", `upstream connection failed (${detail})`, { cause: err });
}

function isEventStream(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().startsWith("text/event-stream") === true;
}

export class UpstreamClient {
  /** `buffers`: the global cap for bodies the relay reads whole (everything but SSE streams) */
  constructor(private readonly buffers: ByteBudget | null = null) {}

  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 512, scheduling: "lifo" });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 512, scheduling: "lifo" });

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** Sends the request and resolves at response headers. Every phase has its own deadline. */
  send(call: UpstreamCall): Promise<UpstreamResponse> {
    const { url, timeouts } = call;
    const isHttps = url.protocol === "https:";
    const req = (isHttps ? https : http).request(url, {
      method: "POST",
      headers: call.headers,
      agent: isHttps ? this.httpsAgent : this.httpAgent,
    });
    let response: IncomingMessage | null = null;
    // Destroying the response (once there is one) makes the body iterator throw our error, not "aborted".
    const kill = (err: GatewayError) => (response === null ? req.destroy(err) : response.destroy(err));
    const timers = new ExchangeTimers(timeouts, (phase) => {
      kill(new GatewayError("GW_ERR_UPSTREAM_TIMEOUT", `upstream ${phase} timeout after ${phaseMs(timeouts, phase)} ms`));
    });
    const onAbort = () => {
      const reason: unknown = call.signal.reason;
      kill(reason instanceof GatewayError ? reason : new GatewayError("GW_ERR_SHUTTING_DOWN", "request aborted"));
    };
    if (call.signal.aborted) onAbort();
    call.signal.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => {
      timers.clear();
      call.signal.removeEventListener("abort", onAbort);
    };
    return new Promise<UpstreamResponse>((resolve, reject) => {
      req.on("socket", (socket: Socket) => {
        if (socket.connecting) {
          timers.start("connect");
          socket.once("connect", () => {
            timers.stop("connect");
          });
        }
      });
      req.on("response", (res: IncomingMessage) => {
        response = res;
        // Errors surface through the body iterator; this listener only keeps an early one from being "unhandled".
        res.on("error", () => undefined);
        timers.stop("headers");
        // SSE is relayed event by event; any other body is read whole, so it is charged to the cap.
        const pool = isEventStream(res.headers["content-type"]) ? null : this.buffers;
        resolve({
          status: res.statusCode ?? 502,
          headers: res.headers,
          body: bodyWithTimeouts(res, timers, cleanup, pool),
          close: () => {
            cleanup();
            res.destroy();
            req.destroy();
          },
        });
      });
      req.on("error", (err) => {
        cleanup();
        reject(classifyUpstreamError(err));
      });
      timers.start("total");
      req.end(call.body, () => {
        timers.start("headers");
      });
    });
  }
}

type Phase = "connect" | "headers" | "idle" | "total";

function phaseMs(t: Timeouts, phase: Phase): number {
  return { connect: t.connectMs, headers: t.headersMs, idle: t.idleMs, total: t.totalMs }[phase];
}

/** One timer per phase of an upstream exchange; firing any of them aborts the exchange. */
class ExchangeTimers {
  private readonly timers = new Map<Phase, NodeJS.Timeout>();

  constructor(
    private readonly timeouts: Timeouts,
    private readonly onFire: (phase: Phase) => void,
  ) {}

  start(phase: Phase): void {
    this.stop(phase);
    this.timers.set(
      phase,
      setTimeout(
        () => {
          this.timers.delete(phase);
          this.onFire(phase);
        },
        phaseMs(this.timeouts, phase),
      ),
    );
  }

  stop(phase: Phase): void {
    const t = this.timers.get(phase);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(phase);
  }

  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** Yields response chunks; the idle timer only runs while we wait on the upstream, not on our consumer. */
async function* bodyWithTimeouts(
  res: IncomingMessage,
  timers: ExchangeTimers,
  cleanup: () => void,
  pool: ByteBudget | null,
): AsyncGenerator<Buffer> {
  const it = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let charged = 0;
  try {
    for (;;) {
      timers.start("idle");
      let next: IteratorResult<Buffer>;
      try {
        next = await it.next();
      } catch (err) {
        throw classifyUpstreamError(err);
      }
      timers.stop("idle");
      if (next.done === true) return;
      if (pool !== null) {
        if (!pool.tryTake(next.value.length)) {
          throw new GatewayError(
            "GW_ERR_BUFFER_EXHAUSTED",
            `gateway buffer capacity (${pool.limit} bytes for all buffered bodies) is exhausted; retry later`,
          );
        }
        charged += next.value.length;
      }
      yield next.value;
    }
  } finally {
    // Released when the relay has read the whole body (or gave up); it then holds one copy briefly.
    pool?.give(charged);
    cleanup();
    if (!res.complete) res.destroy();
  }
}
