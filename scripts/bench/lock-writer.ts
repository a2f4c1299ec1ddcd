// One writer of a shared emulator state file, for the lock race (lock-race.ts): an in-process
// emulator on the file, started at an agreed moment so every writer meets the lock together,
// creating connectors several at a time. Prints the display names whose create was acknowledged.
// Usage: lock-writer.ts STATE_FILE WRITER_ID CREATES START_AT_MS
import { createEmulator } from "../emulator/app.ts";

const [statePath = "", writer = "0", creates = "0", startAt = "0"] = process.argv.slice(2);
const emulator = createEmulator({ statePath });
const base = "http://emulator.local";

async function token(): Promise<string> {
  const reply = await emulator.fetch(
    new Request(`${base}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "local",
        client_secret: "local-secret",
      }),
    }),
  );
  return ((await reply.json()) as { access_token: string }).access_token;
}

const bearer = await token();
const create = async (name: string): Promise<boolean> => {
  const reply = await emulator.fetch(
    new Request(`${base}/api/v1/custom-providers`, {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: JSON.stringify({
        display_name: name,
        description: "",
        auth_patterns: [
          {
            type: "BEARER",
            display_name: "Bearer",
            fields: [{ field_name: "token", label: "Token", input_type: "password" }],
          },
        ],
        proxy_url: "https://api.example.com",
        proxy_enabled: true,
      }),
    }),
  );
  await reply.arrayBuffer();
  return reply.status === 201;
};

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now() - 50)));
// the last moments spinning, so the writers meet the lock within a fraction of a millisecond
while (Date.now() < Number(startAt)) {}
const acknowledged: string[] = [];
let failed = 0;
const total = Number(creates);
// a few at a time, as apply sends them: queued changes are saved together under one hold
let next = 0;
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (next < total) {
      const name = `Writer ${writer} Connector ${next++}`;
      if (await create(name)) acknowledged.push(name);
      else failed++;
    }
  }),
);
await emulator.close();
process.stdout.write(`${JSON.stringify({ acknowledged, failed })}\n`);
