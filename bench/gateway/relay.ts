/**
 * A bare node:http relay (parse the JSON request, forward it, pipe the response back): the floor
 * cost of one extra process hop, with no policy at all. Run as its own process (through tsx, which
 * only costs start-up): relay.ts <upstream url>; prints {"url": …} once listening.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

const target = process.argv[2] ?? "";
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const srv = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    JSON.parse(body.toString("utf8"));
    const headers = { "content-type": "application/json", "content-length": body.length };
    const up = http.request(new URL(req.url ?? "/", target), { method: req.method, agent, headers }, (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    });
    up.on("error", () => res.destroy());
    up.end(body);
  });
});
srv.keepAliveTimeout = 5_000;
srv.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${String((srv.address() as AddressInfo).port)}` }));
});
process.on("SIGTERM", () => process.exit(0));
