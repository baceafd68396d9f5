import { randomUUID } from "node:crypto";
import { Transform } from "node:stream";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { GatewayError, toGatewayError } from "../errors.js";
import { DIALECTS } from "../dialects/index.js";
import type { GatewayContext } from "./context.js";
import { registerHealth } from "./health.js";
import { proxyHandler, rawBodies, sendError } from "./proxy.js";

function fastifyErrorToGateway(err: FastifyError): GatewayError {
  if (err instanceof GatewayError) return err;
  if (err.statusCode === 413) return new GatewayError("GW_ERR_BODY_TOO_LARGE", "request body exceeds the gateway limit");
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    // Fastify's own client-error messages (bad content type, empty body...) contain no request data.
    return new GatewayError("GW_ERR_BAD_REQUEST", err.message);
  }
  return toGatewayError(err);
}

const charged = new WeakMap<object, { bytes: number }>();

/** Request bodies count against the same global buffer cap as upstream bodies, while they are read and handled. */
function chargeRequestBodies(app: FastifyInstance, ctx: GatewayContext): void {
  app.addHook("preParsing", async (request, _reply, payload) => {
    const held = { bytes: 0 };
    charged.set(request, held);
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        if (!ctx.buffers.tryTake(chunk.length)) {
          cb(new GatewayError("GW_ERR_BUFFER_EXHAUSTED", "gateway buffer capacity is exhausted; retry later"));
          return;
        }
        held.bytes += chunk.length;
        cb(null, chunk);
      },
    });
    payload.on("error", (err) => counter.destroy(err));
    return payload.pipe(counter);
  });
  const release = (request: object) => {
    const held = charged.get(request);
    if (held === undefined) return;
    charged.delete(request);
    ctx.buffers.give(held.bytes);
  };
  app.addHook("onResponse", (request, _reply, done) => {
    release(request);
    done();
  });
  app.addHook("onRequestAbort", (request, done) => {
    release(request);
    done();
  });
}

/** The HTTP surface: the five proxied routes, health and metrics; uniform GW_ERR error bodies. */
export function buildApp(ctx: GatewayContext): FastifyInstance {
  const app = Fastify({
    bodyLimit: ctx.config.bodyLimitBytes,
    // No logger is given to Fastify at all: request logs would carry headers; our audit log is explicit.
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    forceCloseConnections: "idle",
    // A client that trickles headers or body must not hold a connection (and its buffer) forever.
    requestTimeout: ctx.config.clientRequestTimeoutMs,
    http: { headersTimeout: ctx.config.clientHeadersTimeoutMs, connectionsCheckingInterval: ctx.config.clientTimeoutCheckMs },
  });

  chargeRequestBodies(app, ctx);

  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    const buf = body as Buffer;
    try {
      const parsed: unknown = JSON.parse(buf.toString("utf8"));
      rawBodies.set(request, buf);
      done(null, parsed);
    } catch {
      done(new GatewayError("GW_ERR_BAD_REQUEST", "request body is not valid JSON"), undefined);
    }
  });

  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const gerr = fastifyErrorToGateway(err);
    if (gerr.code === "GW_ERR_INTERNAL")
      ctx.logger.error({ event: "gateway.internal_error", requestId: request.id, err: String(err) }, "internal error");
    await sendError(ctx, reply, request.routeOptions.url ?? "unknown", gerr);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    await sendError(ctx, reply, "unknown", new GatewayError("GW_ERR_NOT_FOUND", `no route for ${request.method} ${path.slice(0, 200)}`));
  });

  for (const dialect of DIALECTS) app.post(dialect.path, proxyHandler(ctx, dialect));
  registerHealth(app, ctx);
  return app;
}
