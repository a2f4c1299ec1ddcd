// Opens a URL in the user's browser: the platform's own opener (xdg-open, open, and on Windows
// url.dll's handler rather than cmd's start, which would read & in a query as a command),
// detached, its output ignored. Hand-rolled: it is one spawn, and a package for it would bring its own
// platform guesses; when no opener exists, nothing happens and the printed link still works.
import { spawn } from "node:child_process";

export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["rundll32", ["url.dll,FileProtocolHandler", url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: "ignore" });
    child.on("error", () => {});
    child.unref();
  } catch {
    // no opener: the link is printed anyway
  }
}
