import { z } from "zod";
import type { GatewayPolicySpec } from "../gateway-policy.js";

/**
 * Envelope of a signed policy bundle. The policy itself is validated separately against the
 * GatewayPolicy schema so a schema failure gets its own error code.
 */
const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an RFC 3339 timestamp");

export const bundlePayloadSchema = z.object({
  version: z.number().int().min(1),
  issuedAt: isoInstant,
  expiresAt: isoInstant,
  keyId: z.string().min(1).max(128),
  policy: z.unknown(),
});

export const bundleEnvelopeSchema = z.object({
  payload: bundlePayloadSchema,
  signature: z.string().optional(),
});

export interface BundlePayload {
  version: number;
  issuedAt: string;
  expiresAt: string;
  keyId: string;
  policy: GatewayPolicySpec;
}

export interface SignedBundle {
  payload: BundlePayload;
  signature: string;
}

export const keysFileSchema = z.object({
  keys: z
    .array(
      z.object({
        id: z.string().min(1).max(128),
        publicKey: z.string().min(1),
      }),
    )
    .max(64),
  revoked: z.array(z.string().min(1).max(128)).max(1024).default([]),
});

export type KeysFile = z.infer<typeof keysFileSchema>;
