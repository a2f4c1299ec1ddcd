// Keeps web pages away from the emulator. A page the user visits can send requests to 127.0.0.1:
// a cross-origin "simple" POST (text/plain, no preflight) reaches the control endpoints, and DNS
// rebinding (evil.example resolving to 127.0.0.1) makes every route same-origin to the page. So
// requests over the socket must name a loopback host, and control writes must be JSON (which a
// cross-origin page cannot send without a preflight the emulator never grants).

const loopbackNames = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Whether a Host header (name, optional port) names this machine's loopback interface. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === "") return false;
  let name: string;
  try {
    name = new URL(`http://${host}`).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return false;
  }
  return loopbackNames.has(name) || name.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(name);
}

/** The answer to a request whose Host is not loopback. */
export const foreignHost = (host: string | undefined): Response =>
  Response.json(
    {
      error: `Host ${JSON.stringify(host ?? "")} is not a loopback name; the emulator answers only requests to localhost, 127.0.0.1 or [::1]`,
    },
    { status: 403 },
  );

/** True when the request declares a JSON body (`application/json`, parameters allowed). */
export const isJsonRequest = (request: Request): boolean =>
  (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() === "application/json";
