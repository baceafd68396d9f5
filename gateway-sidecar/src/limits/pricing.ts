import type { GatewayPolicySpec } from "@aispm/api";

export type Price = NonNullable<GatewayPolicySpec["prices"]>[number];

/** Exact provider+model price, else the provider's "*" default. */
export function findPrice(prices: readonly Price[] | undefined, provider: string, model: string): Price | undefined {
  if (prices === undefined) return undefined;
  return prices.find((p) => p.provider === provider && p.model === model) ?? prices.find((p) => p.provider === provider && p.model === "*");
}

export function costOf(price: Price | undefined, inputTokens: number, outputTokens: number): number {
  if (price === undefined) return 0;
  return (inputTokens / 1000) * price.inputPer1kUSD + (outputTokens / 1000) * price.outputPer1kUSD;
}

/** Rough prompt size before the upstream tells us: ~4 characters per token for English text. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}
