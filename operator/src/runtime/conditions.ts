import type { Condition } from "@aispm/api";

export type ConditionInput = Omit<Condition, "lastTransitionTime">;

/**
 * Returns the conditions with `next` set, keeping lastTransitionTime when the status did not
 * change so that re-running a reconcile yields an identical object (no spurious writes).
 */
export function setCondition(current: readonly Condition[] | undefined, next: ConditionInput, now: Date): Condition[] {
  const list = [...(current ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const prev = i >= 0 ? list[i] : undefined;
  const lastTransitionTime = prev && prev.status === next.status ? prev.lastTransitionTime : now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const merged: Condition = { ...next, lastTransitionTime };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

/**
 * The conditions of the given types only. A controller applies just the condition types it owns
 * (conditions are a list-map keyed by type), so another controller's conditions are never copied
 * into its apply — copying them would make it a co-owner that keeps them alive after their owner drops them.
 */
export function ownedConditions(list: readonly Condition[] | undefined, types: readonly string[]): Condition[] | undefined {
  const owned = list?.filter((c) => types.includes(c.type));
  return owned?.length ? owned : undefined;
}

export function findCondition(list: readonly Condition[] | undefined, type: string): Condition | undefined {
  return list?.find((c) => c.type === type);
}

/** Structural equality for JSON-like values, ignoring key order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => deepEqual(ao[k], bo[k]));
}
