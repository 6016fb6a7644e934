// Safe XML parsing for platforms that answer in XML. Nothing in a document can make the parser read a
// file, open a connection or expand one byte into many: any markup declaration (DOCTYPE, ENTITY,
// ELEMENT, ATTLIST, NOTATION) is refused before parsing, the parser's own entity processing is off, and
// only the five predefined entities and character references are decoded here, each into one
// character. Input size and nesting depth are capped. Element text stays text: `007` is not a number.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlValue = string | XmlNode | XmlValue[];
export interface XmlNode {
  [name: string]: XmlValue;
}

export interface XmlParseOptions {
  /** Largest document accepted, in UTF-8 bytes. Default 8 MiB. */
  maxBytes?: number;
  /** Deepest element nesting accepted. Default 64. */
  maxDepth?: number;
  /**
   * Element and attribute names to spell exactly as given, whatever their case in the document (for
   * platforms that write both `ReasonCode` and `reasonCode`). Other names are kept as written.
   */
  names?: readonly string[];
  /**
   * Elements that are list items: always an array, even when the list holds one item. Matched after
   * `names` (and like them, whatever the case); never applied to the root element.
   */
  arrays?: readonly string[];
}

export const DEFAULT_MAX_XML_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 64;
/** Attribute names are prefixed so that an attribute can never be mistaken for a child element. */
export const XML_ATTRIBUTE_PREFIX = '@';
/** Text of an element that also has attributes or children. */
export const XML_TEXT_KEY = '#text';

export class XmlError extends Error {
  override name = 'XmlError';
}

/** The document declares a DTD or entities: refused outright (XXE, entity expansion). */
export class UnsafeXmlError extends XmlError {
  override name = 'UnsafeXmlError';
}

export class XmlTooLargeError extends XmlError {
  override name = 'XmlTooLargeError';
}

/** Not well-formed, e.g. cut short. */
export class XmlSyntaxError extends XmlError {
  override name = 'XmlSyntaxError';
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g;

/** Predefined entities and character references, each into exactly one character; anything else stays as written. */
function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref] ?? whole;
    const hex = ref[1] === 'x' || ref[1] === 'X';
    const point = Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
    const allowed =
      point === 0x9 || point === 0xa || point === 0xd || (point >= 0x20 && point <= 0x10ffff && (point < 0xd800 || point > 0xdfff));
    return allowed ? String.fromCodePoint(point) : whole;
  });
}

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Refuses every `<!` construct except comments and CDATA sections, wherever it appears, and turns each
 * CDATA section into escaped text (so that decoding the predefined entities later leaves its content
 * exactly as written). One pass, no backtracking.
 */
function screen(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let at = text.indexOf('<!');
  while (at !== -1) {
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end === -1) throw new XmlSyntaxError('XML comment is not closed (document cut short?)');
      at = text.indexOf('<!', end + 3);
    } else if (text.startsWith('<![CDATA[', at)) {
      const end = text.indexOf(']]>', at + 9);
      if (end === -1) throw new XmlSyntaxError('XML CDATA section is not closed (document cut short?)');
      parts.push(text.slice(copied, at), escapeText(text.slice(at + 9, end)));
      copied = end + 3;
      at = text.indexOf('<!', copied);
    } else {
      const what = /^<!([A-Za-z]+)/.exec(text.slice(at, at + 20))?.[1]?.toUpperCase() ?? 'markup';
      throw new UnsafeXmlError(
        `XML with a ${what} declaration refused: DTDs and entity declarations are never processed (they enable XXE and entity-expansion attacks)`,
      );
    }
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/**
 * Parses an XML document into plain objects: elements become keys (repeated elements an array),
 * attributes `@name`, text a string (`#text` beside attributes or children), empty elements ''. Throws
 * UnsafeXmlError, XmlTooLargeError or XmlSyntaxError, each with a message an operator can act on.
 */
export function parseXml(text: string, opts: XmlParseOptions = {}): XmlNode {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  // A UTF-8 byte is at least a third of a UTF-16 unit; the exact count is only needed near the limit.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    throw new XmlTooLargeError(`XML document larger than ${maxBytes} bytes refused`);
  }
  const screened = screen(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const verdict = XMLValidator.validate(screened);
  if (verdict !== true) {
    throw new XmlSyntaxError(`XML is not well-formed: ${verdict.err.msg} (line ${verdict.err.line}, column ${verdict.err.col})`);
  }

  const canonical = new Map<string, string>();
  for (const name of [...(opts.names ?? []), ...(opts.arrays ?? [])]) canonical.set(name.toLowerCase(), name);
  const arrays = new Set(opts.arrays ?? []);
  const spell = (name: string) => canonical.get(name.toLowerCase()) ?? name;

  const parser = new XMLParser({
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    ignoreAttributes: false,
    attributeNamePrefix: XML_ATTRIBUTE_PREFIX,
    textNodeName: XML_TEXT_KEY,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    maxNestedTags: opts.maxDepth ?? DEFAULT_MAX_DEPTH,
    transformTagName: spell,
    transformAttributeName: spell,
    tagValueProcessor: (_name, value) => decodeReferences(value),
    attributeValueProcessor: (_name, value) => decodeReferences(value),
    isArray: (name, path, _leaf, isAttribute) => !isAttribute && arrays.has(name) && String(path).includes('.'),
  });
  try {
    return parser.parse(screened) as XmlNode;
  } catch (err) {
    throw new XmlSyntaxError(`XML could not be parsed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The text of an element: its string, the `#text` of an element with attributes, the first of several. */
export function xmlText(value: XmlValue | undefined): string | undefined {
  if (Array.isArray(value)) return xmlText(value[0]);
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const inner = value[XML_TEXT_KEY];
    return typeof inner === 'string' ? inner : undefined;
  }
  return undefined;
}

/** The texts of a repeated text element (`<role>Agent</role><role>Supervisor</role>`), empty ones left out. */
export function xmlTexts(value: XmlValue | undefined): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.map((item) => xmlText(item)?.trim() ?? '').filter(Boolean);
}

/** An element with children (the first of several), or undefined for text and absent elements. */
export function xmlNode(value: XmlValue | undefined): XmlNode | undefined {
  if (Array.isArray(value)) return xmlNode(value[0]);
  return value && typeof value === 'object' ? value : undefined;
}

/** List items as an array, whether the element occurred once, several times, or not at all. */
export function xmlList(value: XmlValue | undefined): XmlNode[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  // An empty item (<Team/>) parses as '': it names nothing, so it is no item.
  return items.filter((item): item is XmlNode => typeof item === 'object' && !Array.isArray(item));
}
