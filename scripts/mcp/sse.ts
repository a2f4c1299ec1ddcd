// Server-sent events as MCP's streamable HTTP transport sends them. Only each event's data matters
// here; the parsing rules are those of WHATWG HTML §9.2.6 ("Interpreting an event stream").

/** The data of every complete event in `text`; an event is complete once a blank line ends it. */
export function eventData(text: string): string[] {
  const events: string[] = [];
  let data: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  // the last piece is an unfinished line, or "" after the final line break
  lines.pop();
  for (const line of lines) {
    if (line === "") {
      if (data.length > 0) events.push(data.join("\n"));
      data = [];
      continue;
    }
    const colon = line.indexOf(":");
    if ((colon === -1 ? line : line.slice(0, colon)) !== "data") continue;
    const value = colon === -1 ? "" : line.slice(colon + 1);
    data.push(value.startsWith(" ") ? value.slice(1) : value);
  }
  return events;
}
