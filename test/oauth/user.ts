// A headless "user" who opens an authorization link as a browser would: GET with redirects
// followed by hand (each 30x's Location, across the emulator, the vendor and back), no token of
// its own, until a page answers, a URL cannot be reached, or a URL starting with `stopAt` comes
// up (the app's user_verify_url, which needs no server behind it). A test can then drive an
// authorization, or `sync verify --authorize`, without a browser.
//
//   const journey = await followLink(link, { stopAt: "http://app.test/verify" });
//   expect(new URL(journey.url).searchParams.get("auth_request_id")).toBeTruthy();
import { withTimeLimit } from "../../scripts/lib/time-limit.ts";
import { Collector } from "../../scripts/sync/output.ts";

export interface Visit {
  readonly url: string;
  /** 0 when it was not fetched (stopAt) or could not be reached. */
  readonly status: number;
}

export interface Journey {
  /** Every URL met, in order, the last one included. */
  readonly visits: readonly Visit[];
  /** Where it ended. */
  readonly url: string;
  /** The last answer's status; 0 when the last URL was not fetched or could not be reached. */
  readonly status: number;
  /** The last answer's body ("" for none). */
  readonly body: string;
  /** Why the last URL could not be reached. */
  readonly unreachable?: string;
  /** True when it ended at a URL starting with `stopAt`, without fetching it. */
  readonly stopped: boolean;
}

export interface FollowOptions {
  /** Ends at the first URL that starts with this, without fetching it. */
  readonly stopAt?: string;
  /** Most redirects followed (default 10); one more is an error. */
  readonly maxRedirects?: number;
  /** Time limit for each request, in ms (default 10 000). */
  readonly timeoutMs?: number;
}

const reasonOf = (error: unknown): string => {
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === "object" && cause !== null && "code" in cause) return String(cause.code);
  return error instanceof Error ? error.message : String(error);
};

/** Follows `link` until it ends; see Journey. */
export async function followLink(link: string, options: FollowOptions = {}): Promise<Journey> {
  const maxRedirects = options.maxRedirects ?? 10;
  const visits: Visit[] = [];
  let url = link;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    if (options.stopAt !== undefined && url.startsWith(options.stopAt)) {
      visits.push({ url, status: 0 });
      return { visits, url, status: 0, body: "", stopped: true };
    }
    let answer: { status: number; location: string | null; body: string };
    try {
      answer = await withTimeLimit(options.timeoutMs ?? 10_000, async (signal) => {
        const response = await fetch(url, { redirect: "manual", signal, headers: { accept: "text/html" } });
        return {
          status: response.status,
          location: response.headers.get("location"),
          body: await response.text(),
        };
      });
    } catch (error) {
      visits.push({ url, status: 0 });
      return { visits, url, status: 0, body: "", unreachable: reasonOf(error), stopped: false };
    }
    visits.push({ url, status: answer.status });
    if (answer.status < 300 || answer.status >= 400 || answer.location === null)
      return { visits, url, status: answer.status, body: answer.body, stopped: false };
    url = new URL(answer.location, url).href;
  }
  throw new Error(
    `${link} redirected more than ${maxRedirects} times: ${visits.map((v) => v.url).join(" → ")}`,
  );
}

/** Output that, when verify prints an authorization link on a line of its own, has the user follow it. */
export class LinkFollowingOutput extends Collector {
  journey: Promise<Journey> | undefined;
  override write(text: string): boolean {
    const link = /^(http:\/\/127\.0\.0\.1:\d+\/magic\/\S+)$/m.exec(text)?.[1];
    if (link && !this.journey) this.journey = followLink(link);
    return super.write(text);
  }
}
