import type { Document, Element, Node } from '@xmldom/xmldom';

// Elements are matched by namespace URI + local name, never by prefix: a prefix is the sender's choice, and
// matching on it lets `<evil:Assertion xmlns:evil="urn:oasis:…">` and `<saml:Foo xmlns:saml="urn:other">` mislead.

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

function matches(node: Node, ns: string, localName: string): node is Element {
  return isElement(node) && node.namespaceURI === ns && node.localName === localName;
}

/** The direct child elements of `parent` with this namespace URI and local name, in document order. */
export function childElements(parent: Element | Document, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (matches(node, ns, localName)) found.push(node);
  }
  return found;
}

/** Every element below `root` (not `root` itself) with this namespace URI and local name, in document order. */
export function descendantElements(root: Element | Document, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  walkDescendants(root, (node) => {
    if (matches(node, ns, localName)) found.push(node);
  });
  return found;
}

/**
 * All the text inside `element` (text and CDATA, comments and processing instructions skipped), untrimmed.
 * Reading only the first text node would let `user@acme.test<!---->.evil.test` be read as `user@acme.test`.
 */
export function textContent(element: Element): string {
  let text = '';
  walkDescendants(element, (node) => {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) text += node.nodeValue ?? '';
  });
  return text;
}

// Iterative pre-order walk: a deep document must not be able to exhaust the call stack.
function walkDescendants(root: Node, visit: (node: Node) => void): void {
  let node: Node | null = root.firstChild;
  while (node !== null) {
    visit(node);
    if (node.firstChild !== null) {
      node = node.firstChild;
      continue;
    }
    while (node !== null && node !== root && node.nextSibling === null) node = node.parentNode;
    node = node === null || node === root ? null : node.nextSibling;
  }
}
