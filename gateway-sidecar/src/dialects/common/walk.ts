import { isRecord, type SlotRole, type TextSlot } from "./json.js";
import { base64Text, dataUrlText, type EncodedText } from "./encoded-text.js";
import type { NonContent, PathNode } from "./non-content.js";

/**
 * Default-deny walk: every string in a JSON value becomes a slot unless its path is on the
 * dialect's non-content list or a dialect slot already covers it (those keep their roles, which
 * injection scoring and the audit log rely on). Iterative, so depth costs no stack; each node is
 * visited once and a path is only materialized (walking up parent links) when a rule of that
 * depth exists, so time stays linear in the body size for a fixed list.
 */
export interface WalkOptions {
  nonContent: NonContent;
  /** slots the dialect already produced (with roles); their locations are skipped */
  covered: readonly TextSlot[];
  /** role given to every other string */
  role: SlotRole;
}

type Container = Record<string, unknown> | unknown[];

interface Frame {
  value: Container;
  path: PathNode | null;
}

function coveredSet(slots: readonly TextSlot[]): Map<object, Set<string | number>> {
  const map = new Map<object, Set<string | number>>();
  for (const s of slots) {
    if (s.loc === undefined) continue;
    const keys = map.get(s.loc.parent) ?? new Set<string | number>();
    keys.add(s.loc.key);
    map.set(s.loc.parent, keys);
  }
  return map;
}

function slotFor(text: string, role: SlotRole, encoded: EncodedText | null, write: (v: string) => void): TextSlot {
  if (encoded === null) return { text, role, set: write };
  return {
    text: encoded.text,
    role,
    set: (v) => {
      write(encoded.encode(v));
    },
  };
}

/** A base64 `data` whose media type sits next to it (Anthropic `source`), or a data URL, decoded. */
function decode(parent: Container, key: string | number, text: string): EncodedText | "binary" | null {
  if (key === "data" && isRecord(parent) && typeof parent.media_type === "string" && parent.type === "base64") {
    return base64Text(text, parent.media_type);
  }
  return dataUrlText(text);
}

export function walkSlots(root: unknown, options: WalkOptions): TextSlot[] {
  const out: TextSlot[] = [];
  if (typeof root !== "object" || root === null) return out;
  const covered = coveredSet(options.covered);
  const stack: Frame[] = [{ value: root as Container, path: null }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { value, path } = frame;
    const skip = covered.get(value);
    const visit = (key: string | number, child: unknown, write: (v: string) => void): void => {
      const node: PathNode = { key, parent: path, depth: (path?.depth ?? 0) + 1 };
      if (typeof child === "object" && child !== null) {
        stack.push({ value: child as Container, path: node });
        return;
      }
      if (typeof child !== "string" || child.length === 0 || skip?.has(key) === true) return;
      if (options.nonContent.matches(node, child)) return;
      const encoded = decode(value, key, child);
      if (encoded === "binary") return;
      out.push(slotFor(child, options.role, encoded, write));
    };
    if (Array.isArray(value)) {
      const arr = value;
      for (let i = 0; i < arr.length; i++) visit(i, arr[i], (v) => (arr[i] = v));
    } else {
      const obj = value;
      for (const key of Object.keys(obj)) visit(key, obj[key], (v) => (obj[key] = v));
    }
  }
  return out;
}

/** A dialect slot holding a textual data URL is scanned decoded (same role, same place). */
function decodedDialectSlot(slot: TextSlot): TextSlot {
  const encoded = dataUrlText(slot.text);
  if (encoded === null || encoded === "binary") return slot;
  const write = (v: string): void => {
    slot.set(v);
  };
  return { ...slotFor(slot.text, slot.role, encoded, write), ...(slot.loc === undefined ? {} : { loc: slot.loc }) };
}

/** Dialect slots first (they carry roles), then every other string in `root`. */
export function allSlots(root: unknown, dialectSlots: TextSlot[], nonContent: NonContent, role: SlotRole): TextSlot[] {
  return [...dialectSlots.map(decodedDialectSlot), ...walkSlots(root, { nonContent, covered: dialectSlots, role })];
}
