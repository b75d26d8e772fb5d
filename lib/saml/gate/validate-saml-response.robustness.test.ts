import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { generateTestKeyPair } from '../../../e2e/fixtures/test-keys';
import { SAML_PROTOCOL_NS } from '../../xml/namespaces';
import type { ReplayStore } from './replay-store';
import { buildSignedResponse, toBase64 } from './testing/sign-response';
import { validateSamlResponse, type GateExpectations } from './validate-saml-response';

// Hostile inputs must be refused quickly and leave the process healthy: Jackson 26.2.0 was measured blocking the
// event loop for seconds on a ~200 KB deeply nested namespaced document, then dying of an unhandled rejection.

const IDP = 'https://idp.robust.test';
const keys = generateTestKeyPair(IDP);
const expectations: GateExpectations = {
  idp: { id: 'idp_robust', entityId: IDP, certificatesPem: [keys.certificatePem], allowIdpInitiated: false },
  spEntityId: 'https://gatehouse.test/saml',
  acsUrl: 'https://gatehouse.test/acs',
  inResponseTo: '_req',
};
const replay: ReplayStore = { consume: async () => true };
// Not a speed target (the benchmark measures speed): a bound far above normal (a few ms to ~200 ms
// on a busy 2-core machine) that still catches the multi-second stalls this suite guards against.
const LIMIT_MS = 2_000;

function nestedNamespaced(targetBytes: number): string {
  // Each level declares fresh namespaces: the shape that makes namespace-aware parsers quadratic.
  const open = (i: number) => `<n${i}:e xmlns:n${i}="urn:n:${i}" xmlns:m${i}="urn:m:${i}">`;
  let xml = `<samlp:Response xmlns:samlp="${SAML_PROTOCOL_NS}" ID="_r" Version="2.0">`;
  let depth = 0;
  while (xml.length < targetBytes * 0.86) xml += open(depth++);
  for (let i = depth - 1; i >= 0; i -= 1) xml += `</n${i}:e>`;
  return `${xml}</samlp:Response>`;
}

const billionLaughs =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
  ']><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol9;</samlp:Response>';

function c14nBomb(): string {
  const uri = `urn:x:${'u'.repeat(4000)}`;
  return `<samlp:Response xmlns:samlp="${SAML_PROTOCOL_NS}" xmlns:p="${uri}" ID="_r" Version="2.0">${'<p:e/>'.repeat(3000)}</samlp:Response>`;
}

const hostile: [string, () => string, string][] = [
  ['200 KB deeply nested namespaced XML', () => toBase64(nestedNamespaced(200_000)), 'xml_too_deep'],
  ['billion laughs', () => toBase64(billionLaughs), 'xml_doctype'],
  ['10 MB of base64', () => randomBytes(7_500_000).toString('base64'), 'input_too_large'],
  ['random bytes, base64-encoded', () => randomBytes(100_000).toString('base64'), 'invalid_encoding'],
  ['random bytes, raw', () => randomBytes(100_000).toString('latin1'), 'invalid_base64'],
  ['canonicalization bomb (a 4 KB namespace URI on 3,000 elements)', () => toBase64(c14nBomb()), 'input_too_large'],
  [
    '200 KB flat element flood',
    () => toBase64(`<samlp:Response xmlns:samlp="${SAML_PROTOCOL_NS}">${'<a/>'.repeat(50_000)}</samlp:Response>`),
    'xml_too_many_elements',
  ],
];

describe('robustness against hostile input', () => {
  // Timed as the best of three: the first call pays for JIT warm-up, and other test files share the CPU.
  test.each(hostile)('%s is refused fast', async (label, make, code) => {
    const input = make();
    const timings: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      const result = await validateSamlResponse({ samlResponse: input }, expectations, { replay });
      timings.push(performance.now() - started);
      expect(result.ok ? 'ok' : result.code).toBe(code);
    }
    console.log(`${label}: ${(input.length / 1024).toFixed(0)} KiB in → ${code} in ${timings.map((t) => t.toFixed(1)).join(' / ')} ms`);
    expect(Math.min(...timings)).toBeLessThan(LIMIT_MS);
  });

  // The worst a forger can send past the parser: a maximum-size response with a signature in good shape. Refused
  // by the SignedInfo check (no valid signature value) or, with a genuine SignedInfo replayed from a real response
  // of this IdP, by our own digest check — both before xml-crypto's whole-document work (~0.3–1 s at this size).
  test.each([
    ['signed by another key', false],
    ['genuine SignedInfo, altered body', true],
  ])('a maximum-size signed response (%s) is refused fast', async (label, genuine) => {
    const attributes = Array.from({ length: 900 }, (_, i) => ({ name: `a${i}`, values: ['x'.repeat(110)] }));
    const signer = genuine ? keys : generateTestKeyPair('forger');
    const response = buildSignedResponse({
      keys: signer,
      issuer: IDP,
      spEntityId: expectations.spEntityId,
      acsUrl: expectations.acsUrl,
      inResponseTo: '_req',
      attributes,
    });
    const input = toBase64(genuine ? response.xml.replace('Name="a5"', 'Name="a5x"') : response.xml);
    const timings: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      const result = await validateSamlResponse({ samlResponse: input }, expectations, { replay });
      timings.push(performance.now() - started);
      expect(result.ok ? 'ok' : result.code).toBe('signature_invalid');
    }
    console.log(
      `max-size ${label}: ${(input.length / 1024).toFixed(0)} KiB in → signature_invalid in ${timings.map((t) => t.toFixed(1)).join(' / ')} ms`,
    );
    expect(Math.min(...timings)).toBeLessThan(LIMIT_MS);
  });

  test('after all of them, a normal response still validates', async () => {
    for (const [, make] of hostile) await validateSamlResponse({ samlResponse: make() }, expectations, { replay });
    const response = buildSignedResponse({
      keys,
      issuer: IDP,
      spEntityId: expectations.spEntityId,
      acsUrl: expectations.acsUrl,
      inResponseTo: '_req',
    });
    const started = performance.now();
    const result = await validateSamlResponse({ samlResponse: response.base64 }, expectations, { replay });
    console.log(
      `normal response: ${(response.base64.length / 1024).toFixed(1)} KiB → ${result.ok ? 'ok' : result.code} in ${(performance.now() - started).toFixed(1)} ms`,
    );
    expect(result.ok).toBe(true);
  });
});
