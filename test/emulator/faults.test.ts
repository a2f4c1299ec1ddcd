// Injected faults and latency, in-process: parsing, determinism per seed, and what each fault does.
import { describe, expect, it } from "vitest";
import { FaultSpecError, parseFaults } from "../../scripts/emulator/faults.ts";
import type { LoggedRequest } from "../../scripts/emulator/request-log.ts";
import { type Client, inProcess, payload, seedWhere } from "./helpers.ts";

const log = async (client: Client) =>
  (await client.call<LoggedRequest[]>("GET", "/_emulator/requests", { token: null })).body;

describe("fault spec", () => {
  it("parses kind=probability pairs", () => {
    expect(parseFaults("5xx=0.1, 429=0.05,reset=0.05,lost=0.05")).toEqual({
      "5xx": 0.1,
      "429": 0.05,
      reset: 0.05,
      lost: 0.05,
    });
    expect(parseFaults("")).toEqual({});
  });

  it.each([
    ["an unknown kind", "500=0.1", /unknown fault kind "500"/],
    ["a probability above 1", "5xx=1.5", /between 0 and 1/],
    ["a missing probability", "reset", /bad fault "reset"/],
    ["an empty probability", "reset=", /between 0 and 1/],
    ["a word for a probability", "lost=often", /between 0 and 1/],
    ["a kind twice", "lost=0.1,lost=0.2", /given twice/],
    ["a sum above 1", "5xx=0.6,429=0.6", /add up to 1.2/],
  ])("rejects %s", (_name, spec, message) => {
    expect(() => parseFaults(spec)).toThrow(FaultSpecError);
    expect(() => parseFaults(spec)).toThrow(message);
  });

  it("rejects a bad spec object in createEmulator too", () => {
    expect(() => inProcess({ faults: { reset: -0.1 } })).toThrow(FaultSpecError);
  });
});

describe("injected faults", () => {
  it("fail the same requests for the same seed, and differently for another", async () => {
    const run = async (seed: number) => {
      const { client } = inProcess({ faults: "5xx=0.2,429=0.2,reset=0.1", seed });
      for (let i = 0; i < 30; i++) {
        await client.call("GET", "/api/v1/providers", { token: null }).catch(() => undefined);
      }
      return (await log(client)).map((entry) => entry.fault ?? entry.status);
    };
    const first = await run(7);
    expect(new Set(first)).toEqual(new Set([401, 503, 429, "reset"]));
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
  });

  it("answers 503 UNAVAILABLE for 5xx", async () => {
    const { client } = inProcess({ faults: "5xx=1" });
    const reply = await client.call("GET", "/api/v1/providers", { token: null });
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ code: 14, details: [{ error_code: "UNAVAILABLE" }] });
  });

  it("answers 429 RESOURCE_EXHAUSTED with Retry-After: 1 for 429, on /oauth/token too", async () => {
    const { emulator } = inProcess({ faults: "429=1" });
    const request = new Request("http://emulator.test/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=local&client_secret=local-secret",
    });
    const response = await emulator.fetch(request);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({ code: 8, details: [{ error_code: "RESOURCE_EXHAUSTED" }] });
  });

  it("throws TypeError fetch failed for reset, before the write is applied", async () => {
    const { client } = inProcess({ faults: "reset=0.5", seed: seedWhere("reset=0.5", [undefined, "reset"]) });
    const failure = await client
      .call("POST", "/api/v1/custom-providers", { body: payload() })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.message).toBe("fetch failed");
    const state = await client.call<{ providers: unknown[] }>("GET", "/_emulator/state", { token: null });
    expect(state.body.providers).toEqual([]);
  });

  it("applies the write for lost, then throws TypeError fetch failed", async () => {
    const { client } = inProcess({ faults: "lost=0.5", seed: seedWhere("lost=0.5", [undefined, "lost"]) });
    const failure = await client
      .call("POST", "/api/v1/custom-providers", { body: payload() })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.message).toBe("fetch failed");
    const state = await client.call<{ providers: { display_name: string }[] }>("GET", "/_emulator/state", {
      token: null,
    });
    expect(state.body.providers.map((p) => p.display_name)).toEqual(["My Asana"]);
    expect((await log(client)).at(-1)).toMatchObject({ method: "POST", status: 201, fault: "lost" });
  });

  it("treats lost on a read like reset", async () => {
    const { client } = inProcess({ faults: "lost=1" });
    const failure = await client.call("GET", "/api/v1/providers", { token: null }).catch((e) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((await log(client)).at(-1)).toMatchObject({ status: 0, fault: "reset" });
  });

  it("never fault the /_emulator controls", async () => {
    const { client } = inProcess({ faults: "reset=1" });
    const reply = await client.call("GET", "/_emulator/state", { token: null });
    expect(reply.status).toBe(200);
  });

  it("starts the fault sequence over on reset", async () => {
    const { client } = inProcess({ faults: "5xx=0.5", seed: 3 });
    const statuses = async () => {
      const out: number[] = [];
      for (let i = 0; i < 10; i++)
        out.push((await client.call("GET", "/api/v1/providers", { token: null })).status);
      return out;
    };
    const first = await statuses();
    await client.call("POST", "/_emulator/reset", { body: {}, token: null });
    expect(await statuses()).toEqual(first);
  });
});

describe("latency", () => {
  it("delays /api and /oauth requests by at least the given time", async () => {
    const { client } = inProcess({ latencyMs: 60 });
    const started = performance.now();
    await client.call("GET", "/api/v1/providers", { token: null });
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
  });

  it("counts from arrival: a write is carried out on arrival and answered after the latency", async () => {
    const { client } = inProcess({ latencyMs: 1000 });
    const token = await client.token();
    let answered = false;
    const create = client
      .call("POST", "/api/v1/custom-providers", { body: payload(), token })
      .then((reply) => {
        answered = true;
        return reply;
      });
    // the control routes are not delayed: well within the latency, the write is there and its
    // answer is still on the way
    const state = async () =>
      (
        await client.call<{ providers: { display_name: string }[] }>("GET", "/_emulator/state", {
          token: null,
        })
      ).body.providers;
    const until = performance.now() + 500;
    let stored = await state();
    while (stored.length === 0 && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      stored = await state();
    }
    expect(stored.map((p) => p.display_name)).toEqual(["My Asana"]);
    expect(answered).toBe(false);
    expect((await create).status).toBe(201);
  });
});
