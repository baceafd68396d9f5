/** Small, allocation-light accessors for untrusted JSON bodies. */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function records(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function str(obj: JsonRecord, key: string): string | undefined {
  const v = obj[key];
  return typeof v === "string" ? v : undefined;
}

export function num(obj: JsonRecord, key: string): number | undefined {
  const v = obj[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function rec(obj: JsonRecord, key: string): JsonRecord | undefined {
  const v = obj[key];
  return isRecord(v) ? v : undefined;
}

/** Where a piece of text came from; decides whether injection scoring applies and feeds the audit log. */
/** `field`: any other string the default-deny walk found (metadata, tool schemas, names...): DLP only. */
export type SlotRole = "system" | "user" | "assistant" | "tool" | "tool_args" | "output" | "field";

/** A string inside a JSON body that can be scanned and rewritten in place. */
export interface TextSlot {
  readonly text: string;
  readonly role: SlotRole;
  set(value: string): void;
  /** where the string sits, so the whole-body walk does not scan it a second time */
  readonly loc?: { readonly parent: object; readonly key: string | number };
}

export function keySlot(obj: JsonRecord, key: string, role: SlotRole, out: TextSlot[]): void {
  const text = obj[key];
  if (typeof text === "string" && text.length > 0) {
    out.push({ text, role, set: (v) => (obj[key] = v), loc: { parent: obj, key } });
  }
}

export function indexSlot(arr: unknown[], index: number, role: SlotRole, out: TextSlot[]): void {
  const text = arr[index];
  if (typeof text === "string" && text.length > 0) {
    out.push({ text, role, set: (v) => (arr[index] = v), loc: { parent: arr, key: index } });
  }
}

/** Every string leaf of a structured value (e.g. a tool_use `input` object), at any depth (iterative). */
export function stringLeaves(value: unknown, role: SlotRole, out: TextSlot[]): void {
  const stack: unknown[] = [value];
  for (let v = stack.pop(); v !== undefined || stack.length > 0; v = stack.pop()) {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        indexSlot(v, i, role, out);
        if (typeof v[i] === "object") stack.push(v[i]);
      }
    } else if (isRecord(v)) {
      for (const key of Object.keys(v)) {
        keySlot(v, key, role, out);
        if (typeof v[key] === "object") stack.push(v[key]);
      }
    }
  }
}

/** A string, or an array of strings, under `key` (OpenAI `prompt`, `input`, `stop`...). */
export function stringOrStrings(obj: JsonRecord, key: string, role: SlotRole, out: TextSlot[]): void {
  const v = obj[key];
  if (typeof v === "string") keySlot(obj, key, role, out);
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) indexSlot(v, i, role, out);
}
