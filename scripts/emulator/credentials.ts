// The client credentials the emulator issues tokens to when none are given. Public (printed at
// start), and in a module of their own so the command line can name them without loading the server.
export const defaultCredentials = { clientId: "local", clientSecret: "local-secret" } as const;
