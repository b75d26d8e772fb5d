import { DOMParser, ParseError, type Document, type Element, type Node } from '@xmldom/xmldom';
import { formatByteSize } from './format-byte-size';
import { XmlError } from './xml-error';

export type ParseXmlOptions = {
  /** UTF-8 size cap; default 1 MiB (enough for one IdP's metadata). */
  maxBytes?: number;
  /** Element nesting cap (the root is depth 1); default 64. */
  maxDepth?: number;
  /** Element count cap; default 10,000 (a parse costs time per element, so a flat flood is a DoS too). */
  maxElements?: number;
};

const DEFAULT_MAX_BYTES = 1024 * 1024;
const DEFAULT_MAX_DEPTH = 64;
const DEFAULT_MAX_ELEMENTS = 10_000;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const PROCESSING_INSTRUCTION_NODE = 7;
const COMMENT_NODE = 8;

// Anywhere in the raw text, comments and CDATA included: refusing a harmless mention is cheaper than missing one.
const DTD_DECLARATION = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
// Characters XML 1.0 forbids (raw or as character references), and lone surrogates.
const FORBIDDEN_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|\p{Cs}/u;
// Without a DTD only the five predefined entities and character references exist.
const BAD_REFERENCE = /&(?!(?:lt|gt|amp|apos|quot|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});)/;
const PI_TARGET = /[^\s?]*/y;

/**
 * Parses untrusted XML fail-closed: size, DTD, processing-instruction, depth and element-count checks run on the
 * raw text before the DOM parser sees it (xmldom's cost grows with depth × namespace declarations, so a deep
 * document must be refused unparsed), then any parser warning or error is a failure, then the tree is checked.
 *
 * @throws {XmlError} with a `reason` and a plain message.
 */
export function parseXmlDocument(xml: string, options: ParseXmlOptions = {}): Document {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxElements = options.maxElements ?? DEFAULT_MAX_ELEMENTS;

  // UTF-8 never takes fewer bytes than UTF-16 code units, so the length test spares measuring huge strings.
  if (xml.length > maxBytes || Buffer.byteLength(xml, 'utf8') > maxBytes) {
    throw new XmlError('too_large', `The XML document is larger than ${formatByteSize(maxBytes)}.`);
  }
  const source = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  if (DTD_DECLARATION.test(source)) {
    throw new XmlError('doctype', 'The XML document must not contain a DOCTYPE or entity declarations.');
  }
  if (FORBIDDEN_CHARACTER.test(source)) throw malformed('it contains a character that XML does not allow');
  scanMarkup(source, maxDepth, maxElements);
  const document = parseWithXmldom(source);
  checkTree(document, maxDepth);
  return document;
}

function malformed(detail: string): XmlError {
  return new XmlError('malformed', `The XML document is not well-formed: ${detail}.`, detail);
}

function tooDeep(maxDepth: number): XmlError {
  return new XmlError('depth', `The XML document nests elements deeper than ${maxDepth} levels.`);
}

function processingInstruction(): XmlError {
  return new XmlError(
    'processing_instruction',
    'The XML document must not contain processing instructions (other than the XML declaration).',
  );
}

function multipleRoots(): XmlError {
  return new XmlError('multiple_roots', 'The XML document has more than one root element.');
}

/**
 * A linear, iterative pass over the markup: tags, comments, CDATA, PIs and references. It bounds what the DOM
 * parser will be asked to build; the tree check after parsing is the authoritative one.
 */
function scanMarkup(xml: string, maxDepth: number, maxElements: number): void {
  let depth = 0;
  let elements = 0;
  let rootClosed = false;
  let pos = 0;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > pos) checkText(xml.slice(pos, textEnd), depth);
    if (lt === -1) break;

    if (xml.startsWith('<!--', lt)) {
      pos = endOf(xml, '-->', lt + 4, 'a comment is not closed');
    } else if (xml.startsWith('<![CDATA[', lt)) {
      if (depth === 0) throw malformed('CDATA outside the root element');
      pos = endOf(xml, ']]>', lt + 9, 'a CDATA section is not closed');
    } else if (xml.startsWith('<!', lt)) {
      throw new XmlError('doctype', 'The XML document must not contain a DOCTYPE or entity declarations.');
    } else if (xml.startsWith('<?', lt)) {
      PI_TARGET.lastIndex = lt + 2;
      const target = PI_TARGET.exec(xml)?.[0] ?? '';
      // Only the XML declaration, and only as the very first thing in the document.
      if (lt !== 0 || target !== 'xml') throw processingInstruction();
      pos = endOf(xml, '?>', lt + 2, 'the XML declaration is not closed');
    } else if (xml.startsWith('</', lt)) {
      pos = endOf(xml, '>', lt + 2, 'an end tag is not closed');
      depth -= 1;
      if (depth < 0) throw malformed('an end tag has no start tag');
      if (depth === 0) rootClosed = true;
    } else {
      const gt = endOfStartTag(xml, lt + 1);
      if (depth === 0 && rootClosed) throw multipleRoots();
      elements += 1;
      if (elements > maxElements) {
        throw new XmlError('too_many_elements', `The XML document has more than ${maxElements.toLocaleString('en-US')} elements.`);
      }
      if (depth + 1 > maxDepth) throw tooDeep(maxDepth);
      if (xml.charCodeAt(gt - 1) === 0x2f /* '/' */) {
        if (depth === 0) rootClosed = true;
      } else {
        depth += 1;
      }
      pos = gt + 1;
    }
  }
  if (elements === 0) throw malformed('there is no root element');
  // Unclosed elements are left to xmldom, whose message names them.
}

function endOf(xml: string, terminator: string, from: number, problem: string): number {
  const at = xml.indexOf(terminator, from);
  if (at === -1) throw malformed(problem);
  return at + terminator.length;
}

/** The index of the `>` closing a start tag, skipping quoted attribute values (which may contain `>`). */
function endOfStartTag(xml: string, from: number): number {
  for (let i = from; i < xml.length; i += 1) {
    const char = xml[i];
    if (char === '>') return i;
    if (char === '<') break;
    if (char === '"' || char === "'") {
      const close = xml.indexOf(char, i + 1);
      if (close === -1) break;
      if (BAD_REFERENCE.test(xml.slice(i + 1, close))) throw malformed('an attribute value has a bare "&"');
      i = close;
    }
  }
  throw malformed('a start tag is not closed');
}

function checkText(text: string, depth: number): void {
  if (depth === 0) {
    if (/\S/.test(text)) throw malformed('there is text outside the root element');
    return;
  }
  if (BAD_REFERENCE.test(text)) throw malformed('the text has a bare "&" or an unknown entity');
  if (text.includes(']]>')) throw malformed('the text contains "]]>"');
}

function parseWithXmldom(source: string): Document {
  let firstProblem: string | undefined;
  const parser = new DOMParser({
    // Fail on warnings too: xmldom recovers from much that other parsers refuse, and a document two parsers
    // read differently is how signature checks get bypassed.
    onError: (_level, message: unknown) => {
      const text = String(message);
      firstProblem ??= text;
      throw new Error(text);
    },
  });
  try {
    return parser.parseFromString(source, 'text/xml');
  } catch (error) {
    const problem = (firstProblem ?? (error instanceof Error ? error.message : String(error)))
      .replace(/^Error constructing the DOM: /, '')
      .replace(/\s+/g, ' ')
      .trim();
    throw malformed(`${problem}${locationOf(error)}`);
  }
}

function locationOf(error: unknown): string {
  if (!(error instanceof ParseError)) return '';
  const locator: unknown = error.locator;
  if (typeof locator !== 'object' || locator === null) return '';
  const { lineNumber, columnNumber } = locator as { lineNumber?: unknown; columnNumber?: unknown };
  return typeof lineNumber === 'number' && typeof columnNumber === 'number' ? ` (line ${lineNumber}, column ${columnNumber})` : '';
}

/** The authoritative check, on what xmldom actually built; iterative so depth cannot exhaust the stack. */
function checkTree(document: Document, maxDepth: number): void {
  let roots = 0;
  let node: Node | null = document.firstChild;
  let depth = 1;
  while (node !== null) {
    if (depth === 1 && node.nodeType !== ELEMENT_NODE) checkTopLevelNode(node, document);
    else checkNode(node, depth, maxDepth);
    if (depth === 1 && node.nodeType === ELEMENT_NODE) roots += 1;

    if (node.firstChild !== null) {
      node = node.firstChild;
      depth += 1;
      continue;
    }
    while (node !== null && node.nextSibling === null) {
      const parent: Node | null = node.parentNode;
      depth -= 1;
      node = parent === document ? null : parent;
    }
    if (node !== null) node = node.nextSibling;
  }
  if (roots > 1) throw multipleRoots();
  if (roots === 0) throw malformed('there is no root element');
}

/** Around the root: the XML declaration (first), comments and whitespace, nothing else. */
function checkTopLevelNode(node: Node, document: Document): void {
  switch (node.nodeType) {
    case PROCESSING_INSTRUCTION_NODE:
      if (node === document.firstChild && node.nodeName === 'xml') return;
      throw processingInstruction();
    case COMMENT_NODE:
      return;
    case TEXT_NODE:
      if (/\S/.test(node.nodeValue ?? '')) throw malformed('there is text outside the root element');
      return;
    default:
      throw new XmlError('doctype', 'The XML document must not contain a DOCTYPE or entity declarations.');
  }
}

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

function checkNode(node: Node, depth: number, maxDepth: number): void {
  switch (node.nodeType) {
    case ELEMENT_NODE: {
      if (depth > maxDepth) throw tooDeep(maxDepth);
      for (const attribute of isElement(node) ? node.attributes : []) {
        if (FORBIDDEN_CHARACTER.test(attribute.value)) {
          throw malformed('an attribute value contains a character that XML does not allow');
        }
      }
      return;
    }
    case TEXT_NODE:
    case CDATA_SECTION_NODE:
    case COMMENT_NODE:
      // Character references such as `&#0;` get past the raw-text check; what they decode to does not.
      if (FORBIDDEN_CHARACTER.test(node.nodeValue ?? '')) {
        throw malformed('the text contains a character that XML does not allow');
      }
      return;
    case PROCESSING_INSTRUCTION_NODE:
      throw processingInstruction();
    default:
      // Entity references, DOCTYPE nodes and the like cannot appear without a DTD; refuse them if they do.
      throw new XmlError('doctype', 'The XML document must not contain a DOCTYPE or entity declarations.');
  }
}
