// A loopback HTTP proxy in front of the simulator that can lose a response AFTER the simulator processed the request
// (the simulator's own `drop` fault drops before processing). This is the "Ramp did it, the answer never came" case.
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface LossyProxy {
  baseUrl: string;
  /** Lose the response of the next `count` requests matching method and path prefix (after /developer/v1). */
  loseResponse(method: string, pathPrefix: string, count?: number): void;
  /** How many responses were lost. */
  lost(): number;
  close(): Promise<void>;
}

export async function startLossyProxy(targetBaseUrl: string): Promise<LossyProxy> {
  const target = new URL(targetBaseUrl);
  const rules: Array<{ method: string; prefix: string; remaining: number }> = [];
  let lost = 0;

  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = (req.url ?? "/").split("?")[0]?.replace(/^\/developer\/v1/, "") ?? "/";
    const rule = rules.find((r) => r.remaining > 0 && r.method === req.method && path.startsWith(r.prefix));
    if (rule) rule.remaining--;
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          if (rule) {
            lost++;
            req.socket.destroy();
            return;
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    upstream.on("error", () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    loseResponse(method, prefix, count = 1) {
      rules.push({ method, prefix, remaining: count });
    },
    lost: () => lost,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
