// A port nobody listens on now, for a script's test to start its own server on (the kernel picks it, so never 8787, which `npm start` may be serving).
import { createServer } from "node:net";

export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port from the kernel");
  return address.port;
}
