import { describe, expect, it } from 'vitest';
import { SAML_ASSERTION_NS, SAML_METADATA_NS } from './namespaces';
import { parseXmlDocument } from './parse-xml';
import { XmlError, type XmlErrorReason } from './xml-error';

function reasonOf(xml: string, options?: Parameters<typeof parseXmlDocument>[1]): XmlErrorReason | 'accepted' {
  try {
    parseXmlDocument(xml, options);
    return 'accepted';
  } catch (error) {
    if (error instanceof XmlError) return error.reason;
    throw error;
  }
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>`;

describe('parseXmlDocument', () => {
  it('parses a well-formed document with an XML declaration, comments and CDATA (positive control)', () => {
    const document = parseXmlDocument(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- metadata -->\n<md:EntityDescriptor xmlns:md="${SAML_METADATA_NS}" entityID="https://idp.test">` +
        `<md:Extensions><![CDATA[a & <b>]]></md:Extensions>&lt;&amp;&#65;&#x42;</md:EntityDescriptor>\n`,
    );
    expect(document.documentElement?.localName).toBe('EntityDescriptor');
    expect(document.documentElement?.namespaceURI).toBe(SAML_METADATA_NS);
    expect(document.documentElement?.getAttribute('entityID')).toBe('https://idp.test');
  });

  it('accepts a leading byte-order mark and nesting up to the depth cap', () => {
    expect(reasonOf('\uFEFF<a/>')).toBe('accepted');
    expect(reasonOf('<a>'.repeat(64) + '</a>'.repeat(64))).toBe('accepted');
    expect(reasonOf('<a>'.repeat(63) + '<b/>' + '</a>'.repeat(63))).toBe('accepted');
  });

  describe('DTDs and entities are refused before parsing', () => {
    it.each([
      ['billion laughs', BILLION_LAUGHS],
      ['external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'],
      ['parameter entity', '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil.test/x.dtd"> %p;]><r/>'],
      ['external DTD', '<!DOCTYPE r SYSTEM "http://evil.test/r.dtd"><r/>'],
      ['DOCTYPE after comments and whitespace', '  \n<!-- one --><!-- two -->\n\t<!DOCTYPE r><r/>'],
      ['lower-case doctype', '<!doctype r><r/>'],
      ['DOCTYPE hidden in a comment', '<!-- <!DOCTYPE r> --><r/>'],
      ['DOCTYPE inside the root element', '<r><!DOCTYPE r></r>'],
      ['bare ENTITY declaration', '<r><!ENTITY x "y"></r>'],
      ['ATTLIST declaration', '<r><!ATTLIST r a CDATA "x"></r>'],
      ['DOCTYPE after a BOM', '\uFEFF<!DOCTYPE r><r/>'],
    ])('%s', (_name, xml) => {
      expect(reasonOf(xml)).toBe('doctype');
    });

    it('gives a plain message', () => {
      expect(() => parseXmlDocument(BILLION_LAUGHS)).toThrow('The XML document must not contain a DOCTYPE or entity declarations.');
    });

    it('refuses references to entities that would need a DTD', () => {
      expect(reasonOf('<r>&nbsp;</r>')).toBe('malformed');
      expect(reasonOf('<r a="&x;"/>')).toBe('malformed');
    });
  });

  describe('processing instructions', () => {
    it.each([
      ['inside the root', '<r><?evil data?></r>'],
      ['after the root', '<r/><?evil?>'],
      ['before the root', '<?evil?><r/>'],
      ['stylesheet after the declaration', '<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?><r/>'],
      ['a second XML declaration', '<?xml version="1.0"?><r><?xml version="1.0"?></r>'],
      ['XML declaration after whitespace', '  <?xml version="1.0"?><r/>'],
      ['truncating a value', '<NameID>user@acme.test<?x?>.evil.test</NameID>'],
    ])('refuses a PI %s', (_name, xml) => {
      expect(reasonOf(xml)).toBe('processing_instruction');
    });

    it('accepts only the XML declaration, first', () => {
      expect(reasonOf('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><r/>')).toBe('accepted');
    });
  });

  describe('malformed documents', () => {
    it.each([
      ['empty', ''],
      ['plain text', 'not xml at all'],
      ['JSON', '{"entityID":"x"}'],
      ['unclosed element', '<a><b></a>'],
      ['never closed', '<a>'],
      ['unbound prefix', '<x:a/>'],
      ['duplicate attribute', '<a b="1" b="2"/>'],
      ['text after the root', '<a/>trailing'],
      ['bare ampersand', '<a>fish & chips</a>'],
      ['bare ampersand in an attribute', '<a b="fish & chips"/>'],
      ['< in text', '<a>1 < 2</a>'],
      ['NUL character', '<a>\u0000</a>'],
      ['NUL as a character reference', '<a>&#0;</a>'],
      ['control character reference in an attribute', '<a b="&#x1;"/>'],
      ['lone surrogate', '<a>\uD800</a>'],
      ['"]]>" in text', '<a>]]></a>'],
      ['unclosed comment', '<a><!-- </a>'],
      ['unclosed CDATA', '<a><![CDATA[ </a>'],
      ['unquoted-attribute end missing', '<a b="1></a>'],
    ])('refuses %s', (_name, xml) => {
      expect(reasonOf(xml)).toBe('malformed');
    });

    it('says where the parser stopped', () => {
      expect(() => parseXmlDocument('<a>\n<b></a>')).toThrow(/not well-formed: .*mismatch.*\(line 2, column \d+\)\.$/);
    });
  });

  it('refuses two root elements', () => {
    expect(reasonOf('<a/><b/>')).toBe('multiple_roots');
    expect(reasonOf('<a></a>\n<a></a>')).toBe('multiple_roots');
    expect(() => parseXmlDocument('<a/><b/>')).toThrow('The XML document has more than one root element.');
  });

  describe('size and depth bombs', () => {
    it('refuses input over the byte cap before parsing, counting UTF-8 bytes', () => {
      const big = `<a>${'x'.repeat(1024 * 1024)}</a>`;
      expect(reasonOf(big)).toBe('too_large');
      expect(() => parseXmlDocument(big)).toThrow('The XML document is larger than 1 MiB.');
      expect(reasonOf('<a>ééé</a>', { maxBytes: 10 })).toBe('too_large'); // 10 characters, 13 bytes
      expect(reasonOf('<a>eee</a>', { maxBytes: 10 })).toBe('accepted');
    });

    it('refuses nesting deeper than the cap, also with self-closing leaves', () => {
      expect(reasonOf('<a>'.repeat(65) + '</a>'.repeat(65))).toBe('depth');
      expect(reasonOf('<a>'.repeat(64) + '<b/>' + '</a>'.repeat(64))).toBe('depth');
      expect(reasonOf('<a><a><a><a></a></a></a></a>', { maxDepth: 3 })).toBe('depth');
      expect(() => parseXmlDocument('<a><a/></a>', { maxDepth: 1 })).toThrow('The XML document nests elements deeper than 1 levels.');
    });

    it('refuses 100,000 levels quickly and without overflowing the stack', () => {
      const started = performance.now();
      expect(reasonOf('<a>'.repeat(100_000) + '</a>'.repeat(100_000), { maxBytes: 10 * 1024 * 1024 })).toBe('depth');
      // With namespace declarations on every level, xmldom alone takes minutes: the scan must refuse it unparsed.
      expect(reasonOf('<a xmlns:p="urn:x">'.repeat(50_000) + '</a>'.repeat(50_000), { maxBytes: 10 * 1024 * 1024 })).toBe('depth');
      expect(performance.now() - started).toBeLessThan(1_000);
    });

    it('refuses a flood of elements', () => {
      expect(reasonOf(`<a>${'<b/>'.repeat(10_000)}</a>`)).toBe('too_many_elements');
      expect(reasonOf(`<a>${'<b/>'.repeat(9_999)}</a>`)).toBe('accepted');
      expect(reasonOf('<a><b/><b/></a>', { maxElements: 2 })).toBe('too_many_elements');
    });
  });

  it('keeps namespaces as declared, whatever the prefix', () => {
    const document = parseXmlDocument(
      `<x:Assertion xmlns:x="${SAML_ASSERTION_NS}"><saml:Issuer xmlns:saml="urn:not-saml">evil</saml:Issuer></x:Assertion>`,
    );
    const root = document.documentElement;
    expect(root?.namespaceURI).toBe(SAML_ASSERTION_NS);
    expect(root?.firstChild?.namespaceURI).toBe('urn:not-saml');
  });

  it('is an XmlError with a reason', () => {
    let thrown: unknown;
    try {
      parseXmlDocument('<!DOCTYPE x><x/>');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(XmlError);
    expect(thrown).toMatchObject({ name: 'XmlError', reason: 'doctype' });
  });
});
