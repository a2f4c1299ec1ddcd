// Shared setup for the sync safety tests: a fresh emulator on 127.0.0.1 per test, the temporary
// project the test works in (removed after it), and managed connectors seeded straight through
// the client.
import { afterEach, beforeEach } from "vitest";
import { connector } from "../../dsl/index.ts";
import type { Payload } from "../../dsl/payload.ts";
import { createScalekitClient, type ScalekitClient } from "../../scripts/client/index.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { managedBody } from "../../scripts/sync/connector/ownership.ts";
import { type Project, startTestEmulator } from "./helpers.ts";

/** A bearer connector with description "d" (what bearerSource(name, "d") defines). */
export const bearer = (name: string): Payload =>
  connector(name as "N")
    .description("d")
    .bearer()
    .proxy("https://api.example.com")
    .payload();

export const clientOf = (emulator: RunningEmulator): ScalekitClient =>
  createScalekitClient({
    environmentUrl: emulator.url,
    clientId: emulator.emulator.clientId,
    clientSecret: emulator.emulator.clientSecret,
  });

export interface PerTest {
  /** This test's emulator. */
  running: RunningEmulator;
  /** This test's project; removed after the test. */
  work: Project;
  /** Creates bearer connectors carrying the project-less marker, each with its connection, as apply makes them. */
  seedManaged(...names: string[]): Promise<void>;
}

/** Registers the hooks; read `running` and `work` inside tests only. */
export function emulatorPerTest(): PerTest {
  const context = {
    running: undefined as unknown as RunningEmulator,
    work: undefined as unknown as Project,
    async seedManaged(...names: string[]) {
      const client = clientOf(context.running);
      for (const name of names) {
        const made = await client.createCustomProvider(managedBody(bearer(name)));
        const connection = await client.createConnection({ providerKey: made.identifier, type: "BEARER" });
        await client.setConnectionEnabled(connection.id, true);
      }
    },
  };
  beforeEach(async () => {
    context.running = await startTestEmulator();
  });
  afterEach(async () => {
    await context.running.close();
    context.work?.remove();
    context.work = undefined as unknown as Project;
  });
  return context;
}
