// startEmulator(): the emulator on a real socket at 127.0.0.1. An injected reset or lost
// response destroys the connection, so clients see what they would see on a real network.
// Requests whose Host is not a loopback name are refused (local-only.ts: DNS rebinding).
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { createEmulator, type Emulator, type EmulatorOptions } from "./app.ts";
import { ConnectionDropped } from "./faults.ts";
import { foreignHost, isLoopbackHost } from "./local-only.ts";

export interface RunningEmulator {
  readonly url: string;
  readonly port: number;
  readonly emulator: Emulator;
  /** Stops listening, drops open connections and flushes the state file. */
  close(): Promise<void>;
}

export async function startEmulator(
  options: EmulatorOptions & { port?: number } = {},
): Promise<RunningEmulator> {
  const { port = 8787, ...rest } = options;
  const emulator = createEmulator(rest);
  const server = createAdaptorServer({
    // the emulator must not replace the process's global Request/Response
    overrideGlobalObjects: false,
    fetch: async (request, env) => {
      // only here, on the socket, does a Host header come from outside this process
      const host = env.incoming.headers.host;
      if (!isLoopbackHost(host)) return foreignHost(host);
      try {
        return await emulator.fetch(request);
      } catch (error) {
        if (!(error instanceof ConnectionDropped)) throw error;
        env.incoming.socket.destroy();
        return RESPONSE_ALREADY_SENT;
      }
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    emulator,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      await emulator.close();
    },
  };
}
