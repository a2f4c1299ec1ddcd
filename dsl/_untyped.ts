// The builder without its compile-time checks, for code that drives it with values known only at
// run time (the generator's inference, property tests). What it builds is still checked by
// validate(); generated source, not this view, is where the types check a connector.
import { connector } from "./connector.ts";
import type { Payload } from "./payload.ts";

type Step = (...args: unknown[]) => UntypedChain;

export interface UntypedChain {
  readonly description: Step;
  readonly icon: Step;
  readonly metadata: Step;
  readonly mcp: Step;
  readonly field: Step;
  readonly accountField: Step;
  readonly oauth: Step;
  readonly basic: Step;
  readonly bearer: Step;
  readonly apiKey: Step;
  readonly noAuth: Step;
  readonly scope: Step;
  readonly mutate: Step;
  readonly proxy: Step;
  readonly verify: Step;
  payload(): Payload;
}

/** `connector(name)` seen as an UntypedChain. */
export const untypedConnector = (name: string): UntypedChain =>
  connector(name as "A") as unknown as UntypedChain;
