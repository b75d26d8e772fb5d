import { describe, expect, it } from 'vitest';
import { childElements, descendantElements, textContent } from './find-elements';
import { SAML_ASSERTION_NS, SAML_METADATA_NS, XMLDSIG_NS } from './namespaces';
import { parseXmlDocument } from './parse-xml';

const MD = SAML_METADATA_NS;

function root(xml: string) {
  const element = parseXmlDocument(xml).documentElement;
  if (element === null) throw new Error('no root');
  return element;
}

describe('childElements', () => {
  it('finds children by namespace URI and local name, in document order', () => {
    const entity = root(
      `<md:EntityDescriptor xmlns:md="${MD}"><md:KeyDescriptor use="signing"/><md:Other/><md:KeyDescriptor use="encryption"/></md:EntityDescriptor>`,
    );
    expect(childElements(entity, MD, 'KeyDescriptor').map((e) => e.getAttribute('use'))).toEqual(['signing', 'encryption']);
  });

  it('finds the right namespace under any prefix, or as the default namespace', () => {
    const prefixed = root(`<foo:EntityDescriptor xmlns:foo="${MD}"><foo:IDPSSODescriptor/></foo:EntityDescriptor>`);
    const defaulted = root(`<EntityDescriptor xmlns="${MD}"><IDPSSODescriptor/></EntityDescriptor>`);
    expect(childElements(prefixed, MD, 'IDPSSODescriptor')).toHaveLength(1);
    expect(childElements(defaulted, MD, 'IDPSSODescriptor')).toHaveLength(1);
  });

  it('does not find the right prefix bound to the wrong namespace, or no namespace', () => {
    const tricked = root(
      `<md:EntityDescriptor xmlns:md="${MD}">` +
        `<md:IDPSSODescriptor xmlns:md="urn:evil"/>` +
        `<IDPSSODescriptor/>` +
        `<x:IDPSSODescriptor xmlns:x="${MD}-not"/>` +
        `</md:EntityDescriptor>`,
    );
    expect(childElements(tricked, MD, 'IDPSSODescriptor')).toHaveLength(0);
    expect(childElements(tricked, 'urn:evil', 'IDPSSODescriptor')).toHaveLength(1);
  });

  it('does not look below the children', () => {
    const entity = root(`<md:E xmlns:md="${MD}"><md:Wrapper><md:KeyDescriptor/></md:Wrapper></md:E>`);
    expect(childElements(entity, MD, 'KeyDescriptor')).toHaveLength(0);
  });

  it('works on the document for the root element', () => {
    const document = parseXmlDocument(`<md:EntityDescriptor xmlns:md="${MD}"/>`);
    expect(childElements(document, MD, 'EntityDescriptor')).toHaveLength(1);
  });
});

describe('descendantElements', () => {
  it('finds matches at any depth in document order, not the start element itself', () => {
    const top = root(
      `<md:EntitiesDescriptor xmlns:md="${MD}">` +
        `<md:EntityDescriptor entityID="1"/>` +
        `<md:EntitiesDescriptor><md:EntityDescriptor entityID="2"><md:EntityDescriptor entityID="3"/></md:EntityDescriptor></md:EntitiesDescriptor>` +
        `<md:EntityDescriptor xmlns:md="urn:other" entityID="wrong-ns"/>` +
        `<EntityDescriptor xmlns="${MD}" entityID="4"/>` +
        `</md:EntitiesDescriptor>`,
    );
    expect(descendantElements(top, MD, 'EntityDescriptor').map((e) => e.getAttribute('entityID'))).toEqual(['1', '2', '3', '4']);
    expect(descendantElements(top, MD, 'EntitiesDescriptor')).toHaveLength(1);
  });

  it('stays inside the start element', () => {
    const top = root(
      `<r xmlns:ds="${XMLDSIG_NS}"><ds:KeyInfo><ds:X509Certificate>1</ds:X509Certificate></ds:KeyInfo><ds:X509Certificate>2</ds:X509Certificate></r>`,
    );
    const [keyInfo] = childElements(top, XMLDSIG_NS, 'KeyInfo');
    if (keyInfo === undefined) throw new Error('no KeyInfo');
    expect(descendantElements(keyInfo, XMLDSIG_NS, 'X509Certificate').map(textContent)).toEqual(['1']);
    expect(descendantElements(top, XMLDSIG_NS, 'X509Certificate').map(textContent)).toEqual(['1', '2']);
  });
});

describe('textContent', () => {
  it('joins all the text, across comments and CDATA, so a comment cannot truncate a value', () => {
    const nameId = root(`<saml:NameID xmlns:saml="${SAML_ASSERTION_NS}">user@acme.test<!---->.evil.test</saml:NameID>`);
    expect(textContent(nameId)).toBe('user@acme.test.evil.test');
    const cdata = root('<a>x<![CDATA[&y]]>z</a>');
    expect(textContent(cdata)).toBe('x&yz');
  });

  it('includes text of nested elements and keeps whitespace', () => {
    expect(textContent(root('<a> one <b>two</b> </a>'))).toBe(' one two ');
    expect(textContent(root('<a/>'))).toBe('');
  });
});
