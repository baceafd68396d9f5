/**
 * Rate-limit identity. The agent header is chosen freely by the client, so it can only pick a
 * bucket among agents the policy declares; anything else (including a fresh id per request, which
 * used to get a fresh full bucket each time) shares the pod's service-account bucket.
 * The GatewayPolicy schema declares no agents yet, so today every request uses that one bucket.
 */
export function rateLimitIdentity(claimed: string | undefined, declared: ReadonlySet<string>, serviceAccount: string): string {
  if (claimed !== undefined && declared.has(claimed)) return `agent:${claimed}`;
  return serviceAccount;
}

/** Agents declared by the policy: none until the GatewayPolicy schema has a field for them. */
export const NO_DECLARED_AGENTS: ReadonlySet<string> = new Set();
