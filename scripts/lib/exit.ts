// Ending the process without losing its output. A command line ends with process.exit so a
// connection a silent server never closed cannot keep it waiting; but when stdout or stderr is a
// socket (how Node and most tools spawn a child with piped output) writes complete asynchronously,
// and process.exit drops whatever is still queued: `plan` piped into another program lost its tail.

/** Exits with `code` once stdout and stderr have handed everything written so far to the OS. */
export async function exitAfterOutput(code: number): Promise<never> {
  await Promise.all(
    [process.stdout, process.stderr].map(
      // a write completes after every earlier one; a closed stream (EPIPE) calls back with an error
      (stream) => new Promise<void>((resolve) => stream.write("", () => resolve())),
    ),
  );
  process.exit(code);
}
