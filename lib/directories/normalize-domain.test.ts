import { describe, expect, it } from 'vitest';
import { normalizeDomain } from './normalize-domain';

describe('normalizeDomain', () => {
  it.each([
    ['acme.test', 'acme.test'],
    ['  ACME.Test ', 'acme.test'],
    ['sub.acme.test.', 'sub.acme.test'],
    ['ａｃｍｅ.test', 'acme.test'], // full-width letters fold to ASCII
    ['bücher.example', 'xn--bcher-kva.example'],
    ['a-b.c0.example', 'a-b.c0.example'],
  ])('accepts %j as %j', (input, expected) => {
    expect(normalizeDomain(input)).toEqual({ ok: true, domain: expected });
  });

  it.each([
    ['', 'Enter a domain'],
    ['localhost', 'not a valid domain name'],
    ['acme..test', 'not a valid domain name'],
    ['-acme.test', 'not a valid domain name'],
    ['acme-.test', 'not a valid domain name'],
    ['acme.test\u200b', 'invisible characters'],
    ['ac me.test', 'invisible characters'],
    ['user@acme.test', 'enter just the DNS name'],
    ['https://acme.test', 'enter just the DNS name'],
    ['10.0.0.1', 'not a valid domain name'],
    [`${'a'.repeat(64)}.test`, 'not a valid domain name'],
    ['acme_corp.test', 'not a valid domain name'],
  ])('refuses %j', (input, message) => {
    const result = normalizeDomain(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});
