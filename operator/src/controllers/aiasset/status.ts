import {
  AIASSET_CONDITIONS,
  AIASSET_REASONS,
  ANNOTATION_ACKNOWLEDGED,
  LABEL_DISCOVERED,
  type AIAssetSpec,
  type AIAssetStatus,
  type AssetType,
  type Condition,
} from "@aispm/api";
import type { KubeObject } from "../../kube/types.js";
import { ownedConditions, setCondition } from "../../runtime/conditions.js";
import { relationEdges } from "./relations.js";

export type AIAsset = KubeObject<AIAssetSpec, AIAssetStatus>;

export const CONDITION_READY = AIASSET_CONDITIONS.Ready;
export const CONDITION_RELATIONS = AIASSET_CONDITIONS.RelationsResolved;
/** The condition types this controller owns and applies; every other condition on the object belongs to someone else. */
export const OWNED_CONDITIONS: readonly string[] = [CONDITION_RELATIONS, CONDITION_READY];
/** Condition reasons, exported so tests and other components match on constants, not strings. */
export const REASONS = AIASSET_REASONS;

/** The status fields the asset reconciler owns (scan results are owned by the scan collector). */
export type InventoryStatus = Pick<
  AIAssetStatus,
  "observedGeneration" | "conditions" | "type" | "endpointHost" | "relations" | "discovered" | "shadow"
>;

export type Lookup = (namespace: string, name: string) => AIAsset | undefined;

const ENDPOINT_OF: ((s: AIAssetSpec) => string | undefined)[] = [
  (s) => s.llmEndpoint?.url,
  (s) => s.agent?.url,
  (s) => s.tool?.endpoint,
  (s) => s.mcpServer?.url,
  (s) => s.vectorDatabase?.url,
  (s) => s.selfHostedModel?.url,
  (s) => s.modelProvider?.baseUrl,
  (s) => s.dataSource?.uri,
  (s) => s.promptGateway?.url,
  (s) => s.aiApplication?.url,
];

function endpointOf(spec: AIAssetSpec): string | undefined {
  const raw = ENDPOINT_OF.map((f) => f(spec)).find((v) => v !== undefined);
  if (!raw) return undefined;
  try {
    return new URL(raw).hostname || undefined;
  } catch {
    return undefined;
  }
}

function relationProblems(spec: AIAssetSpec, ns: string, lookup: Lookup) {
  const resolved: NonNullable<AIAssetStatus["relations"]> = [];
  const missing: string[] = [];
  const wrongType: string[] = [];
  for (const e of relationEdges(spec, ns)) {
    const target = lookup(e.namespace, e.name);
    const ref = `${e.namespace}/${e.name}`;
    const targetType: AssetType | undefined = target?.spec?.type;
    if (!target) missing.push(`${e.type} ${ref}`);
    else if (e.expectType && targetType !== e.expectType)
      wrongType.push(`${e.type} ${ref} is ${targetType ?? "unknown"}, expected ${e.expectType}`);
    resolved.push({ type: e.type, target: ref, resolved: !!target, targetType });
  }
  return { resolved, missing, wrongType };
}

function relationsCondition(missing: string[], wrongType: string[], count: number, generation: number | undefined) {
  if (missing.length) {
    return {
      type: CONDITION_RELATIONS,
      status: "False" as const,
      reason: REASONS.RelationTargetNotFound,
      message: `missing AIAsset targets: ${missing.join(", ")}`,
      observedGeneration: generation,
    };
  }
  if (wrongType.length) {
    return {
      type: CONDITION_RELATIONS,
      status: "False" as const,
      reason: REASONS.RelationTargetWrongType,
      message: wrongType.join("; "),
      observedGeneration: generation,
    };
  }
  return {
    type: CONDITION_RELATIONS,
    status: "True" as const,
    reason: count ? REASONS.AllRelationsResolved : REASONS.NoRelations,
    message: `${count} relation(s) resolved`,
    observedGeneration: generation,
  };
}

/** Pure: the inventory status an asset should have, given the other assets it can see. */
export function desiredInventoryStatus(asset: AIAsset, lookup: Lookup, now: Date): InventoryStatus {
  const spec = asset.spec;
  const meta = asset.metadata;
  if (!spec) throw new Error("asset without spec");
  const generation = meta.generation;
  const { resolved, missing, wrongType } = relationProblems(spec, meta.namespace ?? "", lookup);
  const relCond = relationsCondition(missing, wrongType, resolved.length, generation);
  let conditions: Condition[] = setCondition(ownedConditions(asset.status?.conditions, OWNED_CONDITIONS), relCond, now);
  const ok = relCond.status === "True";
  conditions = setCondition(
    conditions,
    {
      type: CONDITION_READY,
      status: ok ? "True" : "False",
      reason: ok ? REASONS.Inventoried : REASONS.RelationsUnresolved,
      message: ok ? `${spec.type} inventoried` : relCond.message,
      observedGeneration: generation,
    },
    now,
  );
  const discovered = meta.labels?.[LABEL_DISCOVERED] === "true";
  return {
    observedGeneration: generation,
    conditions,
    type: spec.type,
    endpointHost: endpointOf(spec),
    relations: resolved.length ? resolved : undefined,
    discovered,
    shadow: discovered && meta.annotations?.[ANNOTATION_ACKNOWLEDGED] !== "true",
  };
}

export function currentInventoryStatus(status: AIAssetStatus | undefined): InventoryStatus {
  const s = status ?? {};
  return {
    observedGeneration: s.observedGeneration,
    conditions: ownedConditions(s.conditions, OWNED_CONDITIONS),
    type: s.type,
    endpointHost: s.endpointHost,
    relations: s.relations,
    discovered: s.discovered,
    shadow: s.shadow,
  };
}
