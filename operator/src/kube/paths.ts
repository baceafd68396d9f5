import { GROUP, VERSION } from "@aispm/api";

export interface ResourceRef {
  group: string; // "" for the core group
  version: string;
  plural: string;
}

export const aispmResource = (plural: string): ResourceRef => ({ group: GROUP, version: VERSION, plural });
export const LEASES: ResourceRef = { group: "coordination.k8s.io", version: "v1", plural: "leases" };

/** Collection path, cluster-wide when namespace is undefined. */
export function collectionPath(r: ResourceRef, namespace?: string): string {
  const prefix = r.group === "" ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  return namespace ? `${prefix}/namespaces/${namespace}/${r.plural}` : `${prefix}/${r.plural}`;
}

export function objectPath(r: ResourceRef, namespace: string, name: string, subresource?: string): string {
  const base = `${collectionPath(r, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${base}/${subresource}` : base;
}
