// The address ranges a document or server read over the network may not send connectorkit to:
// this machine and the networks behind it. Node's net.BlockList does the matching (IPv4-mapped
// IPv6 addresses, such as ::ffff:127.0.0.1, match their IPv4 range there).
import { BlockList, isIP } from "node:net";

const ranges: readonly (readonly [string, readonly (readonly [string, number])[]])[] = [
  [
    "a loopback address (this machine)",
    [
      ["127.0.0.0", 8],
      ["::1", 128],
    ],
  ],
  // 0.0.0.0 and :: reach this machine's listeners too
  [
    "an unspecified address (this machine)",
    [
      ["0.0.0.0", 8],
      ["::", 128],
    ],
  ],
  [
    "a private address (RFC 1918)",
    [
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
    ],
  ],
  ["a shared address (RFC 6598, carrier-grade NAT)", [["100.64.0.0", 10]]],
  [
    "a link-local address (cloud metadata services live here)",
    [
      ["169.254.0.0", 16],
      ["fe80::", 10],
    ],
  ],
  [
    "a unique-local address (RFC 4193)",
    [
      ["fc00::", 7],
      ["fec0::", 10],
    ],
  ],
];

const lists = ranges.map(([label, subnets]) => {
  const list = new BlockList();
  for (const [network, prefix] of subnets)
    list.addSubnet(network, prefix, isIP(network) === 6 ? "ipv6" : "ipv4");
  return [label, list] as const;
});

/** What kind of non-public address `address` (an IP literal) is, or undefined for a public one. */
export function nonPublicRange(address: string): string | undefined {
  const bare = address.startsWith("[") ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 0) return undefined;
  return lists.find(([, list]) => list.check(bare, family === 6 ? "ipv6" : "ipv4"))?.[0];
}
