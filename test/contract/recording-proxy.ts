// A loopback HTTP proxy in front of the simulator that records every exchange (request and response, bodies
// included), so the contract test can check what the client really sent and what the simulator really answered.
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Exchange {
  method: string;
  /** Path after /developer/v1. */
  path: string;
  query: URLSearchParams;
  requestContentType: string | undefined;
  requestBody: string;
  status: number;
  responseBody: string;
}

export interface RecordingProxy {
  baseUrl: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

const readAll = (stream: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    stream.on("error", reject);
  });

export async function startRecordingProxy(targetBaseUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetBaseUrl);
  const exchanges: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://proxy");
      const requestBody = await readAll(req);
      const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        void readAll(up).then((responseBody) => {
          exchanges.push({
            method: req.method ?? "GET",
            path: url.pathname.replace(/^\/developer\/v1/, ""),
            query: url.searchParams,
            requestContentType: req.headers["content-type"],
            requestBody,
            status: up.statusCode ?? 0,
            responseBody,
          });
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(responseBody);
        });
      });
      upstream.on("error", () => req.socket.destroy());
      upstream.end(requestBody);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
