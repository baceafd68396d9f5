/** Incremental Server-Sent Events parser and serializer (WHATWG event-stream format). */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
  retry?: number;
}

/**
 * Feed raw bytes in any chunking; complete events come out. Handles CRLF/CR/LF line ends, UTF-8
 * sequences split across chunks, multi-line data and comments.
 */
export class SseParser {
  private readonly decoder = new TextDecoder("utf-8");
  private buffer = "";
  private event: string | undefined;
  private data: string[] = [];
  private id: string | undefined;
  private retry: number | undefined;
  /** a CR ended the previous chunk; a leading LF in the next one belongs to it */
  private pendingCr = false;

  push(chunk: Uint8Array): SseEvent[] {
    return this.consume(this.decoder.decode(chunk, { stream: true }));
  }

  /** Flushes a trailing event that the upstream did not terminate with a blank line. */
  end(): SseEvent[] {
    const out = this.consume(this.decoder.decode());
    if (this.buffer.length > 0) {
      this.line(this.buffer, out);
      this.buffer = "";
    }
    this.dispatch(out);
    return out;
  }

  private consume(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let s = text;
    if (this.pendingCr && s.startsWith("\n")) s = s.slice(1);
    this.pendingCr = false;
    this.buffer += s;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.line(this.buffer.slice(start, i), out);
      if (c === 13) {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line.length === 0) {
      this.dispatch(out);
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id" && !value.includes("\0")) this.id = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
  }

  private dispatch(out: SseEvent[]): void {
    if (this.data.length > 0 || this.event !== undefined) {
      const ev: SseEvent = { data: this.data.join("\n") };
      if (this.event !== undefined) ev.event = this.event;
      if (this.id !== undefined) ev.id = this.id;
      if (this.retry !== undefined) ev.retry = this.retry;
      out.push(ev);
    }
    this.data = [];
    this.event = undefined;
    this.retry = undefined;
    // `id` persists across events per the spec, but we only echo it on the event that set it.
    this.id = undefined;
  }
}

export function serializeSse(ev: SseEvent): string {
  let out = "";
  if (ev.event !== undefined) out += `event: ${ev.event}\n`;
  if (ev.id !== undefined) out += `id: ${ev.id}\n`;
  if (ev.retry !== undefined) out += `retry: ${ev.retry}\n`;
  for (const line of ev.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}
