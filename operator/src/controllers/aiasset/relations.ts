import type { AIAssetSpec, AssetType } from "@aispm/api";

export interface RelationEdge {
  type: string;
  namespace: string;
  name: string;
  /** the asset type the target must have, when the typed block implies one */
  expectType?: AssetType;
}

type Ref = { name: string; namespace?: string } | undefined;

const edge = (type: string, ns: string, ref: Ref, expectType?: AssetType): RelationEdge[] =>
  ref ? [{ type, namespace: ref.namespace ?? ns, name: ref.name, expectType }] : [];

/** Declared relations plus the ones implied by typed blocks (a RAG system's vector DB, a fine-tune's datasets, ...). */
export function relationEdges(spec: AIAssetSpec, ns: string): RelationEdge[] {
  const out: RelationEdge[] = (spec.relations ?? []).map((r) => ({
    type: r.type,
    namespace: r.target.namespace ?? ns,
    name: r.target.name,
  }));
  const rag = spec.ragSystem;
  if (rag) {
    out.push(
      ...edge("embedsWith", ns, rag.embeddingModel, "EmbeddingModel"),
      ...edge("storesIn", ns, rag.vectorDatabase, "VectorDatabase"),
    );
    out.push(...edge("uses", ns, rag.generator), ...(rag.dataSources ?? []).flatMap((d) => edge("retrievesFrom", ns, d, "DataSource")));
  }
  out.push(...edge("servedBy", ns, spec.embeddingModel?.endpoint));
  const ft = spec.fineTunedModel;
  if (ft)
    out.push(...edge("fineTunedFrom", ns, ft.baseModelRef), ...ft.lineage.datasets.flatMap((d) => edge("trainedOn", ns, d, "DataSource")));
  out.push(...(spec.aiApplication?.components ?? []).flatMap((c) => edge("dependsOn", ns, c)));
  return dedupe(out);
}

function dedupe(edges: RelationEdge[]): RelationEdge[] {
  const seen = new Map<string, RelationEdge>();
  for (const e of edges) {
    const k = `${e.type}|${e.namespace}/${e.name}`;
    const prev = seen.get(k);
    if (!prev || (!prev.expectType && e.expectType)) seen.set(k, e);
  }
  return [...seen.values()];
}

/** Reverse index target -> referrers, so a created or deleted target re-reconciles who points at it. */
export class RelationIndex {
  private readonly byTarget = new Map<string, Set<string>>();
  private readonly byReferrer = new Map<string, string[]>();

  set(referrer: string, targets: string[]): void {
    this.remove(referrer);
    this.byReferrer.set(referrer, targets);
    for (const t of targets) {
      let s = this.byTarget.get(t);
      if (!s) this.byTarget.set(t, (s = new Set()));
      s.add(referrer);
    }
  }

  remove(referrer: string): void {
    for (const t of this.byReferrer.get(referrer) ?? []) {
      const s = this.byTarget.get(t);
      s?.delete(referrer);
      if (s?.size === 0) this.byTarget.delete(t);
    }
    this.byReferrer.delete(referrer);
  }

  referrersOf(target: string): string[] {
    return [...(this.byTarget.get(target) ?? [])];
  }
}
