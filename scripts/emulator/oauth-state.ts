// What an authorization in progress holds, in memory only: the one-time links magic_link issues,
// the flows they start (by the `state` sent to the vendor, with the PKCE verifier and the client),
// the tokens waiting for user/verify, and a record of every attempt and how it ended, which
// GET /_emulator/authorizations shows (no token, code, verifier or secret is ever in it).
import { randomBytes } from "node:crypto";
import { linkTtlMs } from "./behaviour.ts";
import type { Grant } from "./grants.ts";
import type { OAuthClient } from "./oauth-client.ts";

/** What the app asked for when it requested the link. */
export interface LinkRequest {
  readonly accountId: string;
  readonly connectionId: string;
  /** The emulator's origin as the app called it: the link and the redirect_uri are on it. */
  readonly origin: string;
  readonly userVerifyUrl?: string;
  readonly appState?: string;
}

export interface Flow extends LinkRequest {
  readonly redirectUri: string;
  readonly client: OAuthClient;
  /** An MCP connector's flow, whose client was registered by DCR. */
  readonly mcp: boolean;
  readonly verifier?: string;
  readonly attempt: Attempt;
}

export interface PendingVerification {
  readonly accountId: string;
  readonly identifier: string;
  readonly grant: Grant;
  readonly attempt: Attempt;
}

/** One authorization attempt, as the control route shows it. */
export interface Attempt {
  readonly account_id: string;
  readonly connection_id: string;
  readonly identifier: string;
  readonly started_at: string;
  /** link_issued → sent_to_vendor → awaiting_verification → active, or failed. */
  stage: "link_issued" | "sent_to_vendor" | "awaiting_verification" | "active" | "failed";
  error?: string;
  error_description?: string;
  /** How the user info call went, when the connector has user_info_uri. */
  user_info?: string;
}

interface Timed<T> {
  readonly value: T;
  readonly expiresAt: number;
  used: boolean;
}

const maxAttempts = 200;
const randomToken = (): string => randomBytes(24).toString("base64url");

export type LinkLookup =
  | { readonly found: true; readonly request: LinkRequest; readonly attempt: Attempt }
  | { readonly found: false; readonly why: "used" | "expired" | "unknown" };

export class Authorizations {
  readonly #now: () => number;
  readonly #links = new Map<string, Timed<{ request: LinkRequest; attempt: Attempt }>>();
  readonly #flows = new Map<string, Timed<Flow>>();
  readonly #pending = new Map<string, Timed<PendingVerification>>();
  #attempts: Attempt[] = [];

  constructor(now: () => number) {
    this.#now = now;
  }

  get attempts(): readonly Attempt[] {
    return this.#attempts;
  }

  clear(): void {
    this.#links.clear();
    this.#flows.clear();
    this.#pending.clear();
    this.#attempts = [];
  }

  /** A new one-time link token for the request, and when it expires. */
  issueLink(request: LinkRequest, identifier: string): { token: string; expiresAt: number } {
    this.#prune();
    const now = this.#now();
    const attempt: Attempt = {
      account_id: request.accountId,
      connection_id: request.connectionId,
      identifier,
      started_at: new Date(now).toISOString(),
      stage: "link_issued",
    };
    this.#attempts.push(attempt);
    if (this.#attempts.length > maxAttempts) this.#attempts.splice(0, this.#attempts.length - maxAttempts);
    const token = randomToken();
    const expiresAt = now + linkTtlMs;
    this.#links.set(token, { value: { request, attempt }, expiresAt, used: false });
    return { token, expiresAt };
  }

  /** Uses the link up; says why when it cannot be used. */
  takeLink(token: string): LinkLookup {
    const link = this.#links.get(token);
    if (!link) return { found: false, why: "unknown" };
    if (link.used) return { found: false, why: "used" };
    if (this.#now() >= link.expiresAt) return { found: false, why: "expired" };
    link.used = true;
    return { found: true, ...link.value };
  }

  /** Starts the flow the vendor will call back for; returns its state. */
  startFlow(flow: Flow): string {
    const state = randomToken();
    this.#flows.set(state, { value: flow, expiresAt: this.#now() + linkTtlMs, used: false });
    flow.attempt.stage = "sent_to_vendor";
    return state;
  }

  /** The flow with that state, used up; undefined when unknown, used or expired. */
  takeFlow(state: string): Flow | undefined {
    return this.#take(this.#flows, state);
  }

  /** Holds tokens until user/verify; returns the auth_request_id. */
  hold(pending: PendingVerification): string {
    const id = randomToken();
    this.#pending.set(id, { value: pending, expiresAt: this.#now() + linkTtlMs, used: false });
    pending.attempt.stage = "awaiting_verification";
    return id;
  }

  /** The tokens waiting under that auth_request_id, used up; undefined when unknown, used or expired. */
  takePending(id: string): PendingVerification | undefined {
    return this.#take(this.#pending, id);
  }

  #take<T>(map: Map<string, Timed<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (!entry || entry.used || this.#now() >= entry.expiresAt) return undefined;
    entry.used = true;
    return entry.value;
  }

  // used and expired entries are kept an hour, so a late visit can still be told what happened
  #prune(): void {
    const cutoff = this.#now() - 60 * 60_000;
    for (const map of [this.#links, this.#flows, this.#pending] as Map<string, Timed<unknown>>[]) {
      for (const [key, entry] of map) if (entry.expiresAt < cutoff) map.delete(key);
    }
  }
}
