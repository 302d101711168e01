// Protocol Buffers (`.proto`): top-level messages are tables; fields whose type is a message of the
// same file are followed into paths (`shipping_address.postal_code`), nested messages included.
// Declarations come from field options (`[(acme.classification) = "restricted"]`, `[(pii) = true]`)
// or `classification: x` / `pii: true` in the field's comment; justifications from a
// `sensitivity-gate:` annotation in the comment or justification-named options.

import { declaredFrom, justificationFrom } from './declaration.js';
import { tokenizeProto, type ProtoToken } from './proto-tokens.js';
import { canDescend, joinPath, type ReaderContext } from './reader.js';
import { posOf, type Pos, type TreeEntry, type TreeNode } from './tree.js';
import { MAX_FIELD_DEPTH } from './limits.js';

interface ProtoField {
  name: string;
  type: string;
  at: Pos;
  options: TreeEntry[];
  comment: string;
}

interface ProtoMessage {
  name: string;
  fullName: string;
  at: Pos;
  fields: ProtoField[];
  nested: ProtoMessage[];
}

const LABELS = new Set(['optional', 'required', 'repeated']);
const SKIPPED_STATEMENTS = new Set(['syntax', 'edition', 'import', 'option', 'reserved', 'extensions']);
const SKIPPED_BLOCKS = new Set(['service', 'extend', 'enum']);
const COMMENT_DECLARATION = /\b(classification|sensitivity|pii|is_pii|contains_pii)\s*[:=]\s*"?([A-Za-z][\w-]*)"?/gi;

class ProtoParser {
  private i = 0;
  package = '';
  readonly messages: ProtoMessage[] = [];

  constructor(
    private readonly tokens: ProtoToken[],
    private readonly ctx: ReaderContext,
  ) {}

  private peek(offset = 0): ProtoToken | undefined {
    return this.tokens[this.i + offset];
  }

  private next(): ProtoToken | undefined {
    return this.tokens[this.i++];
  }

  private is(text: string, offset = 0): boolean {
    return this.peek(offset)?.text === text;
  }

  /** Skips to the end of the current statement or balanced block, whichever comes first. */
  private skipStatement(): void {
    let depth = 0;
    while (this.i < this.tokens.length) {
      const t = this.next()!;
      if (t.text === '{') depth++;
      else if (t.text === '}') {
        depth--;
        if (depth <= 0) return;
      } else if (t.text === ';' && depth === 0) return;
    }
  }

  private skipBlock(): void {
    while (this.i < this.tokens.length && !this.is('{') && !this.is(';')) this.i++;
    this.skipStatement();
  }

  parseFile(): void {
    while (this.i < this.tokens.length) {
      const t = this.peek()!;
      if (t.text === ';') this.i++;
      else if (t.text === 'package') {
        this.i++;
        this.package = this.peek()?.text ?? '';
        this.skipStatement();
      } else if (SKIPPED_STATEMENTS.has(t.text)) this.skipStatement();
      else if (SKIPPED_BLOCKS.has(t.text)) this.skipBlock();
      else if (t.text === 'message') this.messages.push(this.parseMessage(this.package, 0));
      else {
        this.ctx.sink.error(t, `unexpected "${t.text}" at the top level of the proto file`, 'parse');
        this.skipStatement();
      }
    }
  }

  private parseMessage(scope: string, depth: number): ProtoMessage {
    const keyword = this.next()!;
    const nameTok = this.next();
    const name = nameTok?.kind === 'ident' ? nameTok.text : '?';
    const message: ProtoMessage = { name, fullName: scope ? `${scope}.${name}` : name, at: posOf(keyword), fields: [], nested: [] };
    if (!this.is('{')) {
      this.ctx.sink.error(nameTok ?? keyword, `message ${name}: expected "{"`, 'parse');
      this.skipStatement();
      return message;
    }
    this.i++;
    if (depth >= MAX_FIELD_DEPTH) {
      this.ctx.sink.error(keyword, `messages nested deeper than ${MAX_FIELD_DEPTH} levels were not read`, 'unsupported');
      this.i--;
      this.skipStatement();
      return message;
    }
    this.parseBody(message, depth);
    return message;
  }

  /** Reads fields up to the closing brace of a message or oneof. */
  private parseBody(message: ProtoMessage, depth: number): void {
    while (this.i < this.tokens.length) {
      const t = this.peek()!;
      if (t.text === '}') {
        this.i++;
        return;
      }
      if (t.text === ';') this.i++;
      else if (t.text === 'message') message.nested.push(this.parseMessage(message.fullName, depth + 1));
      else if (SKIPPED_STATEMENTS.has(t.text)) this.skipStatement();
      else if (SKIPPED_BLOCKS.has(t.text)) this.skipBlock();
      else if (t.text === 'oneof') {
        this.i += 2;
        if (this.is('{') && depth < MAX_FIELD_DEPTH) {
          this.i++;
          this.parseBody(message, depth + 1);
        } else this.skipStatement();
      } else this.parseField(message, depth);
    }
    this.ctx.sink.error(message.at, `message ${message.name} is not closed with "}"`, 'parse');
  }

  private parseField(message: ProtoMessage, depth: number): void {
    const first = this.peek()!;
    if (LABELS.has(first.text)) this.i++;
    let type: string;
    if (this.is('map') && this.is('<', 1)) {
      this.i += 2;
      const parts: string[] = [];
      while (this.i < this.tokens.length && !this.is('>') && !this.is(';')) parts.push(this.next()!.text);
      if (this.is('>')) this.i++;
      type = `map<${parts.join('').replace(/,/g, ', ')}>`;
    } else {
      type = this.next()?.text ?? '';
    }
    const nameTok = this.next();
    if (type === 'group' && nameTok) return this.parseGroup(message, first, nameTok, depth);
    if (!nameTok || nameTok.kind !== 'ident' || !this.is('=')) {
      this.ctx.sink.error(nameTok ?? first, `message ${message.name}: expected a field ("type name = number;"), found "${first.text}"`, 'parse');
      this.skipStatement();
      return;
    }
    this.i++; // '='
    this.next(); // field number
    const options = this.is('[') ? this.parseOptions() : [];
    const end = this.peek();
    if (end?.text === ';') this.i++;
    else this.ctx.sink.error(end ?? nameTok, `field ${message.name}.${nameTok.text}: expected ";"`, 'parse');
    const comment = [...first.leading, ...nameTok.trailing, ...(end?.text === ';' ? end.trailing : [])].join('\n');
    message.fields.push({ name: nameTok.text, type, at: posOf(nameTok), options, comment });
  }

  /** proto2 `repeated group Item = 1 { ... }`: a nested message and a field in one. */
  private parseGroup(message: ProtoMessage, first: ProtoToken, nameTok: ProtoToken, depth: number): void {
    while (this.i < this.tokens.length && !this.is('{') && !this.is(';')) this.i++;
    const group: ProtoMessage = { name: nameTok.text, fullName: `${message.fullName}.${nameTok.text}`, at: posOf(nameTok), fields: [], nested: [] };
    if (this.is('{') && depth < MAX_FIELD_DEPTH) {
      this.i++;
      this.parseBody(group, depth + 1);
    } else this.skipStatement();
    message.nested.push(group);
    message.fields.push({ name: nameTok.text.toLowerCase(), type: group.fullName, at: posOf(nameTok), options: [], comment: first.leading.join('\n') });
  }

  /** `[(acme.pii) = true, deprecated = true]` → entries keyed by the option's last name segment. */
  private parseOptions(): TreeEntry[] {
    this.i++; // '['
    const entries: TreeEntry[] = [];
    while (this.i < this.tokens.length && !this.is(']') && !this.is(';')) {
      const start = this.peek()!;
      const nameParts: string[] = [];
      while (this.i < this.tokens.length && !this.is('=') && !this.is(']') && !this.is(';') && !this.is(',')) nameParts.push(this.next()!.text);
      if (!this.is('=')) {
        if (this.is(',')) this.i++;
        continue;
      }
      this.i++;
      const valueTok = this.peek();
      if (valueTok?.text === '{') this.skipStatement();
      else this.i++;
      const key = nameParts.join('').replace(/[()]/g, '').split('.').pop() ?? '';
      if (valueTok && valueTok.text !== '{') {
        const value: TreeNode =
          valueTok.kind === 'ident' && (valueTok.text === 'true' || valueTok.text === 'false')
            ? { kind: 'scalar', value: valueTok.text === 'true', line: valueTok.line, column: valueTok.column }
            : { kind: 'scalar', value: valueTok.text, line: valueTok.line, column: valueTok.column };
        entries.push({ key, keyPos: posOf(start), value });
      }
      if (this.is(',')) this.i++;
    }
    if (this.is(']')) this.i++;
    return entries;
  }
}

/** `classification: restricted` or `pii: true` written in a field comment. */
function commentDeclarations(comment: string, at: Pos): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const m of comment.matchAll(COMMENT_DECLARATION)) {
    const raw = m[2]!;
    const lower = raw.toLowerCase();
    const value = lower === 'true' ? true : lower === 'false' ? false : raw;
    out.push({ key: m[1]!, keyPos: posOf(at), value: { kind: 'scalar', value, ...posOf(at) } });
  }
  return out;
}

function registryOf(messages: ProtoMessage[]): Map<string, ProtoMessage> {
  const byName = new Map<string, ProtoMessage>();
  const add = (m: ProtoMessage) => {
    byName.set(m.fullName, m);
    for (const n of m.nested) add(n);
  };
  messages.forEach(add);
  return byName;
}

/** Resolves a field type the way protoc does: innermost scope first, then outwards. */
function resolveType(type: string, scope: string, registry: Map<string, ProtoMessage>): ProtoMessage | undefined {
  if (type.startsWith('.')) return registry.get(type.slice(1));
  let s = scope;
  for (;;) {
    const hit = registry.get(s ? `${s}.${type}` : type);
    if (hit) return hit;
    if (!s) return undefined;
    s = s.includes('.') ? s.slice(0, s.lastIndexOf('.')) : '';
  }
}

function emitMessage(
  message: ProtoMessage,
  table: string,
  prefix: string,
  depth: number,
  expanding: Set<ProtoMessage>,
  registry: Map<string, ProtoMessage>,
  ctx: ReaderContext,
): void {
  for (const field of message.fields) {
    if (ctx.sink.stopped) return;
    const path = joinPath(prefix, field.name);
    const entries = [...field.options, ...commentDeclarations(field.comment, field.at)];
    ctx.sink.field({
      table,
      column: path,
      type: field.type,
      at: field.at,
      description: field.comment || undefined,
      declared: declaredFrom(entries, ctx, ctx.sink),
      justification: justificationFrom(field.options, [field.comment], field.at, ctx.sink),
    });
    const valueType = field.type.startsWith('map<') ? field.type.slice(4, -1).split(',').pop()!.trim() : field.type;
    const target = resolveType(valueType, message.fullName, registry);
    // Recursive messages (a category and its parent) are read once, not unrolled.
    if (!target || expanding.has(target)) continue;
    if (!canDescend(depth + 1, field.at, path, ctx)) continue;
    emitMessage(target, table, path, depth + 1, new Set([...expanding, target]), registry, ctx);
  }
}

export function readProto(text: string, ctx: ReaderContext): void {
  const { tokens, problems } = tokenizeProto(text);
  for (const p of problems) ctx.sink.error(p, p.message, 'parse');
  const parser = new ProtoParser(tokens, ctx);
  parser.parseFile();
  const registry = registryOf(parser.messages);
  for (const m of parser.messages) emitMessage(m, m.name, '', 0, new Set([m]), registry, ctx);
}
