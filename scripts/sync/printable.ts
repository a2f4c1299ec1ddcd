// The escaping of server-controlled text for a terminal lives in scripts/lib/printable.ts, shared
// with the generator's output.
export { printable } from "../lib/printable.ts";
