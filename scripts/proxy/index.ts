// connectorkit/proxy: typed calls to the vendor through Scalekit's tool proxy. Its own entry point,
// so that importing the DSL (connectorkit) loads none of this, nor openapi-fetch.

export { type ProxyClientOptions, proxyClient } from "./client.ts";
export type { ProxyEnvironment } from "./environment.ts";
export { isProxyError, ProxyError, type ProxyErrorKind } from "./errors.ts";
export type { ProxyClient } from "./types.ts";
