import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface HealthChecks {
  live(): boolean;
  ready(): boolean;
}

/** /healthz, /readyz and /metrics on one small HTTP listener. */
export async function startHealthServer(addr: string, checks: HealthChecks, registry: Registry): Promise<{ server: Server; port: number }> {
  const [host = "127.0.0.1", portText = "8081"] = addr.split(/:(?=\d+$)/);
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const reply = (code: number, body: string, type = "text/plain"): void => {
      res.writeHead(code, { "content-type": type }).end(body);
    };
    if (path === "/healthz") reply(checks.live() ? 200 : 500, checks.live() ? "ok" : "unhealthy");
    else if (path === "/readyz") reply(checks.ready() ? 200 : 503, checks.ready() ? "ok" : "not ready");
    else if (path === "/metrics") {
      registry.metrics().then(
        (text) => {
          reply(200, text, registry.contentType);
        },
        (err: unknown) => {
          reply(500, String(err));
        },
      );
    } else reply(404, "not found");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(portText), host, resolve);
  });
  return { server, port: (server.address() as AddressInfo).port };
}
