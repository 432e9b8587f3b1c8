/** A page of "the business's own site", on an origin of its own, for embedding Orquesta's widgets. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostPage {
  url: string;
  close(): Promise<void>;
}

/** Serves `html` at `/` on 127.0.0.1 and a free port (any path answers the same page). */
export async function serveHostPage(html: string): Promise<HostPage> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
