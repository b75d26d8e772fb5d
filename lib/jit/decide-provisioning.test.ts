import { describe, expect, it } from 'vitest';
import { decideProvisioning, diffAttributes } from './decide-provisioning';
import { identityKey } from './identity-key';
import { readAssertion } from './read-assertion';
import type { AttributeDefinition, ExistingUser, JitConfig, ValidatedAssertion } from './types';

const DEFINITIONS: AttributeDefinition[] = [
  { name: 'userName', required: true, multiValued: false },
  { name: 'firstName', required: false, multiValued: false },
  { name: 'lastName', required: false, multiValued: false },
  { name: 'email', required: false, multiValued: false },
  { name: 'department', required: false, multiValued: false },
  { name: 'ExternalId', required: false, multiValued: false },
  { name: 'domain', required: false, multiValued: false },
  { name: 'groups', required: false, multiValued: true },
];

const ONE_DOMAIN: JitConfig['directory'] = { id: 'dir-1', name: 'ACME', domains: [{ id: 'dom-acme', name: 'acme.test' }] };
const TWO_DOMAINS: JitConfig['directory'] = {
  id: 'dir-1',
  name: 'ACME',
  domains: [
    { id: 'dom-acme', name: 'acme.test' },
    { id: 'dom-eu', name: 'eu.acme.test' },
  ],
};

function config(overrides: Partial<JitConfig> = {}): JitConfig {
  return { idp: { id: 'idp-1', name: 'ACME IdP' }, directory: ONE_DOMAIN, attributeDefinitions: DEFINITIONS, ...overrides };
}

function assertion(attributes: Record<string, string[]> | [string, string[]][]): ValidatedAssertion {
  const list = Array.isArray(attributes) ? attributes : Object.entries(attributes);
  return { idpId: 'idp-1', nameId: 'alice@acme.test', assertionId: '_a1', attributes: list.map(([name, values]) => ({ name, values })) };
}

function existingUser(overrides: Partial<ExistingUser> = {}): ExistingUser {
  return {
    id: 'user-1',
    directoryId: 'dir-1',
    domainId: 'dom-acme',
    userName: 'alice',
    externalId: null,
    email: null,
    firstName: null,
    lastName: null,
    status: 'active',
    attributes: [
      { name: 'userName', values: ['alice'] },
      { name: 'domain', values: ['acme.test'] },
    ],
    memberships: [],
    ...overrides,
  };
}

function reasonOf(decision: ReturnType<typeof decideProvisioning>): string | null {
  return decision.kind === 'refuse' ? decision.reason : null;
}

function accepted(decision: ReturnType<typeof decideProvisioning>) {
  if (decision.kind === 'refuse') throw new Error(`refused: ${decision.reason}`);
  return decision;
}

describe('rule 7: required attributes', () => {
  it('creates a user from userName alone', () => {
    const decision = accepted(decideProvisioning(assertion({ userName: ['alice'] }), config(), null));
    expect(decision.kind).toBe('create');
    expect(decision.user).toEqual({
      userName: 'alice',
      externalId: null,
      domainId: 'dom-acme',
      email: null,
      firstName: null,
      lastName: null,
      attributes: [
        { name: 'userName', values: ['alice'] },
        { name: 'domain', values: ['acme.test'] },
      ],
    });
  });

  it('refuses without userName, with the exact message', () => {
    expect(reasonOf(decideProvisioning(assertion({ email: ['alice@acme.test'] }), config(), null))).toBe(
      'User attribute is missing: userName.',
    );
  });

  it('requires userName even if the definitions do not list it or mark it optional', () => {
    const defs = DEFINITIONS.map((d) => (d.name === 'userName' ? { ...d, required: false } : d));
    expect(reasonOf(decideProvisioning(assertion({ firstName: ['Alice'] }), config({ attributeDefinitions: defs }), null))).toBe(
      'User attribute is missing: userName.',
    );
    const without = DEFINITIONS.filter((d) => d.name !== 'userName');
    expect(reasonOf(decideProvisioning(assertion({ firstName: ['Alice'] }), config({ attributeDefinitions: without }), null))).toBe(
      'User attribute is missing: userName.',
    );
    expect(decideProvisioning(assertion({ userName: ['alice'] }), config({ attributeDefinitions: without }), null).kind).toBe('create');
  });

  it('refuses when an attribute marked required is missing, naming it', () => {
    const defs = [...DEFINITIONS, { name: 'costCenter', required: true, multiValued: false }];
    expect(reasonOf(decideProvisioning(assertion({ userName: ['alice'] }), config({ attributeDefinitions: defs }), null))).toBe(
      'User attribute is missing: costCenter.',
    );
    expect(
      decideProvisioning(assertion({ userName: ['alice'], costCenter: ['42'] }), config({ attributeDefinitions: defs }), null).kind,
    ).toBe('create');
  });

  it('counts a required attribute without a value (no values, empty or blank strings) as missing', () => {
    for (const values of [[], [''], ['   '], ['', ' ']]) {
      expect(reasonOf(decideProvisioning(assertion({ userName: values }), config(), null))).toBe('User attribute is missing: userName.');
    }
  });

  it('reports userName first when several required attributes are missing', () => {
    const defs = [...DEFINITIONS, { name: 'costCenter', required: true, multiValued: false }];
    expect(reasonOf(decideProvisioning(assertion({}), config({ attributeDefinitions: defs }), null))).toBe(
      'User attribute is missing: userName.',
    );
  });
});

describe('rule 8: attribute names, ignored attributes, values', () => {
  it('matches names exactly, case included: other spellings are ignored and listed', () => {
    const decision = accepted(
      decideProvisioning(
        assertion({ userName: ['alice'], Department: ['Sales'], 'urn:oid:2.5.4.42': ['Alice'], department: ['Support'] }),
        config(),
        null,
      ),
    );
    expect(decision.ignored).toEqual(['Department', 'urn:oid:2.5.4.42']);
    expect(decision.user.attributes).toContainEqual({ name: 'department', values: ['Support'] });
    expect(decision.user.attributes.map((a) => a.name)).not.toContain('Department');
  });

  it('refuses a differently cased userName as missing (USERNAME is not userName)', () => {
    expect(reasonOf(decideProvisioning(assertion({ USERNAME: ['alice'] }), config(), null))).toBe('User attribute is missing: userName.');
  });

  it('ignores a defined attribute without a value and lists it', () => {
    const decision = accepted(decideProvisioning(assertion({ userName: ['alice'], department: [], firstName: ['  '] }), config(), null));
    expect(decision.ignored).toEqual(['department', 'firstName']);
    expect(decision.user.firstName).toBeNull();
    expect(decision.user.attributes.map((a) => a.name)).toEqual(['userName', 'domain']);
  });

  it('keeps every value of a multi-valued attribute in document order, dropping empty ones', () => {
    const decision = accepted(
      decideProvisioning(assertion({ userName: ['alice'], groups: ['vpn-users', '', 'admins', 'vpn-users'] }), config(), null),
    );
    expect(decision.user.attributes).toContainEqual({ name: 'groups', values: ['vpn-users', 'admins', 'vpn-users'] });
  });

  it('joins a multi-valued attribute that appears twice, in document order', () => {
    const decision = accepted(
      decideProvisioning(
        assertion([
          ['userName', ['alice']],
          ['groups', ['a', 'b']],
          ['groups', ['c']],
        ]),
        config(),
        null,
      ),
    );
    expect(decision.user.attributes).toContainEqual({ name: 'groups', values: ['a', 'b', 'c'] });
  });

  it('refuses several values for a single-valued attribute (never guesses which one)', () => {
    expect(reasonOf(decideProvisioning(assertion({ userName: ['alice'], department: ['Sales', 'Support'] }), config(), null))).toBe(
      'User attribute department has several values but accepts only one.',
    );
    expect(
      reasonOf(
        decideProvisioning(
          assertion([
            ['userName', ['alice']],
            ['department', ['Sales']],
            ['department', ['Support']],
          ]),
          config(),
          null,
        ),
      ),
    ).toBe('User attribute department has several values but accepts only one.');
  });

  it('accepts a single-valued attribute whose extra values are empty', () => {
    const decision = accepted(decideProvisioning(assertion({ userName: ['alice'], department: ['', 'Sales', ' '] }), config(), null));
    expect(decision.user.attributes).toContainEqual({ name: 'department', values: ['Sales'] });
  });

  it('treats column attributes as single-valued even if defined multi-valued', () => {
    const defs = DEFINITIONS.map((d) => (d.name === 'firstName' ? { ...d, multiValued: true } : d));
    expect(
      reasonOf(decideProvisioning(assertion({ userName: ['alice'], firstName: ['A', 'B'] }), config({ attributeDefinitions: defs }), null)),
    ).toBe('User attribute firstName has several values but accepts only one.');
  });

  it('NFKC-normalises and trims values', () => {
    const decision = accepted(decideProvisioning(assertion({ userName: ['  ａｌｉｃｅ '], department: ['Ｓａｌｅｓ'] }), config(), null));
    expect(decision.user.userName).toBe('alice');
    expect(decision.user.attributes).toContainEqual({ name: 'department', values: ['Sales'] });
  });

  it('lists the attributes in definition order whatever the assertion order', () => {
    const decision = accepted(
      decideProvisioning(assertion({ groups: ['x'], lastName: ['Liddell'], userName: ['alice'], firstName: ['Alice'] }), config(), null),
    );
    expect(decision.user.attributes.map((a) => a.name)).toEqual(['userName', 'firstName', 'lastName', 'domain', 'groups']);
    expect(decision.user.firstName).toBe('Alice');
    expect(decision.user.lastName).toBe('Liddell');
  });

  it('refuses control characters in any stored value, but keeps joiners in names', () => {
    expect(reasonOf(decideProvisioning(assertion({ userName: ['alice'], department: ['Sa\u0000les'] }), config(), null))).toBe(
      'User attribute department contains invisible or control characters.',
    );
    const decision = accepted(decideProvisioning(assertion({ userName: ['alice'], firstName: ['می\u200cخواهم'] }), config(), null));
    expect(decision.user.firstName).toBe('می\u200cخواهم');
  });
});

describe('attribute smuggling (identity attributes)', () => {
  for (const name of ['userName', 'ExternalId', 'domain', 'email']) {
    it(`refuses ${name} appearing twice in the assertion, even with one value each or the same value`, () => {
      const value = name === 'email' ? 'alice@acme.test' : name === 'domain' ? 'acme.test' : 'alice';
      const attrs: [string, string[]][] = [['userName', ['alice']]];
      if (name !== 'userName') attrs.push([name, [value]]);
      attrs.push([name, [value]]);
      expect(reasonOf(decideProvisioning(assertion(attrs), config(), null))).toBe(
        `User attribute ${name} appears more than once in the assertion.`,
      );
    });

    it(`refuses several values for ${name}`, () => {
      const values = name === 'email' ? ['alice@acme.test', 'bob@acme.test'] : name === 'domain' ? ['acme.test', 'acme.test'] : ['a', 'b'];
      const attrs: Record<string, string[]> = { userName: ['alice'], [name]: values };
      expect(reasonOf(decideProvisioning(assertion(attrs), config(), null))).toBe(
        `User attribute ${name} has several values but accepts only one.`,
      );
    });
  }

  it('refuses a second empty occurrence of an identity attribute too (the name alone is the smuggling)', () => {
    expect(
      reasonOf(
        decideProvisioning(
          assertion([
            ['userName', ['alice']],
            ['userName', []],
          ]),
          config(),
          null,
        ),
      ),
    ).toBe('User attribute userName appears more than once in the assertion.');
  });

  it('does not treat a differently cased name as a duplicate (it is another, ignored, attribute)', () => {
    const decision = accepted(decideProvisioning(assertion({ userName: ['alice'], UserName: ['mallory'] }), config(), null));
    expect(decision.user.userName).toBe('alice');
    expect(decision.ignored).toEqual(['UserName']);
  });

  for (const [label, value] of [
    ['zero-width space', 'ad\u200bmin'],
    ['zero-width joiner', 'ad\u200dmin'],
    ['right-to-left override', 'admin\u202egpj'],
    ['byte order mark', '\ufeffadmin'],
    ['soft hyphen', 'ad\u00admin'],
    ['NUL', 'admin\u0000'],
    ['newline inside', 'ad\nmin'],
    ['hangul filler', 'admin\u3164'],
    ['tag character', 'admin\u{e0041}'],
  ] as const) {
    it(`refuses a userName with a ${label} (never strips it)`, () => {
      expect(reasonOf(decideProvisioning(assertion({ userName: [value] }), config(), null))).toBe(
        'User attribute userName contains invisible or control characters.',
      );
    });
  }

  it('refuses an over-long identity value', () => {
    expect(reasonOf(decideProvisioning(assertion({ userName: ['a'.repeat(257)] }), config(), null))).toBe(
      'User attribute userName is too long.',
    );
    expect(decideProvisioning(assertion({ userName: ['a'.repeat(256)] }), config(), null).kind).toBe('create');
  });

  it('keeps userName case as sent (rule 8: exact)', () => {
    expect(accepted(decideProvisioning(assertion({ userName: ['Alice'] }), config(), null)).user.userName).toBe('Alice');
  });
});

describe('rule 9: the domain attribute', () => {
  describe('directory with one domain', () => {
    it('gives the user the domain when the attribute is absent', () => {
      const decision = accepted(decideProvisioning(assertion({ userName: ['alice'] }), config(), null));
      expect(decision.user.domainId).toBe('dom-acme');
      expect(decision.user.attributes).toContainEqual({ name: 'domain', values: ['acme.test'] });
    });

    it('accepts the domain when present and equal', () => {
      expect(accepted(decideProvisioning(assertion({ userName: ['alice'], domain: ['acme.test'] }), config(), null)).user.domainId).toBe(
        'dom-acme',
      );
    });

    it('refuses another domain, naming it', () => {
      expect(reasonOf(decideProvisioning(assertion({ userName: ['alice'], domain: ['evil.test'] }), config(), null))).toBe(
        'Domain evil.test is not a domain of the directory ACME.',
      );
    });

    it('treats an empty domain attribute as absent (inferred)', () => {
      expect(accepted(decideProvisioning(assertion({ userName: ['alice'], domain: [''] }), config(), null)).user.domainId).toBe('dom-acme');
    });
  });

  describe('directory with several domains', () => {
    it('requires the domain', () => {
      expect(reasonOf(decideProvisioning(assertion({ userName: ['alice'] }), config({ directory: TWO_DOMAINS }), null))).toBe(
        'Domain is missing and cannot be inferred.',
      );
    });

    it('accepts each of its domains', () => {
      const eu = accepted(
        decideProvisioning(assertion({ userName: ['alice'], domain: ['eu.acme.test'] }), config({ directory: TWO_DOMAINS }), null),
      );
      expect(eu.user.domainId).toBe('dom-eu');
      const main = accepted(
        decideProvisioning(assertion({ userName: ['alice'], domain: ['acme.test'] }), config({ directory: TWO_DOMAINS }), null),
      );
      expect(main.user.domainId).toBe('dom-acme');
    });

    it('refuses a domain it does not own, including a parent or a look-alike', () => {
      for (const [value, shown] of [
        ['evil.test', 'evil.test'],
        ['us.acme.test', 'us.acme.test'],
        ['test', 'test'],
        ['acme.test.evil.test', 'acme.test.evil.test'],
        ['аcme.test', 'xn--cme-5cd.test'], // Cyrillic а
      ]) {
        expect(
          reasonOf(decideProvisioning(assertion({ userName: ['alice'], domain: [value!] }), config({ directory: TWO_DOMAINS }), null)),
        ).toBe(`Domain ${shown} is not a domain of the directory ACME.`);
      }
    });
  });

  it('refuses with "cannot be inferred" when the directory has no domain', () => {
    expect(
      reasonOf(decideProvisioning(assertion({ userName: ['alice'] }), config({ directory: { ...ONE_DOMAIN, domains: [] } }), null)),
    ).toBe('Domain is missing and cannot be inferred.');
  });

  it('compares after NFKC, lower-case and trailing-dot strip', () => {
    for (const value of ['ACME.TEST', 'acme.test.', 'ａｃｍｅ．ｔｅｓｔ', ' Acme.Test. ']) {
      expect(
        accepted(decideProvisioning(assertion({ userName: ['alice'], domain: [value] }), config({ directory: TWO_DOMAINS }), null)).user
          .domainId,
      ).toBe('dom-acme');
    }
  });

  it('refuses a domain with zero-width or control characters', () => {
    for (const value of ['acme\u200b.test', 'acme.test\u0000', '\u202eacme.test']) {
      expect(reasonOf(decideProvisioning(assertion({ userName: ['alice'], domain: [value] }), config(), null))).toBe(
        'User attribute domain contains invisible or control characters.',
      );
    }
  });

  it('refuses garbage that is not a domain name', () => {
    expect(reasonOf(decideProvisioning(assertion({ userName: ['alice'], domain: ['alice@acme.test'] }), config(), null))).toBe(
      'Domain alice@acme.test is not a domain of the directory ACME.',
    );
  });

  it('refuses a domain even when the attribute is not defined on the User Attributes page (it is part of the contract)', () => {
    const defs = DEFINITIONS.filter((d) => d.name !== 'domain');
    expect(
      reasonOf(decideProvisioning(assertion({ userName: ['alice'], domain: ['evil.test'] }), config({ attributeDefinitions: defs }), null)),
    ).toBe('Domain evil.test is not a domain of the directory ACME.');
  });
});

describe('email normalisation', () => {
  const withEmail = (email: string, directory = TWO_DOMAINS) =>
    decideProvisioning(assertion({ userName: ['alice'], domain: ['acme.test'], email: [email] }), config({ directory }), null);

  it('stores a plain address, domain lower-cased, local part as sent', () => {
    expect(accepted(withEmail('Alice.Liddell@ACME.test')).user.email).toBe('Alice.Liddell@acme.test');
  });

  it('accepts an address in another domain of the same directory', () => {
    expect(accepted(withEmail('alice@eu.acme.test')).user.email).toBe('alice@eu.acme.test');
  });

  it('refuses an address in a domain the directory does not own (no cross-IdP emails)', () => {
    expect(reasonOf(withEmail('ceo@bigcorp.test'))).toBe('Email ceo@bigcorp.test is not in a domain of the directory ACME.');
    expect(reasonOf(withEmail('alice@sub.acme.test'))).toBe('Email alice@sub.acme.test is not in a domain of the directory ACME.');
  });

  it('normalises a full-width @ and dots with NFKC, then validates', () => {
    expect(accepted(withEmail('alice＠acme．test')).user.email).toBe('alice@acme.test');
  });

  it('refuses a full-width @ trick that becomes a second @', () => {
    expect(reasonOf(withEmail('alice＠bigcorp.test@acme.test'))).toBe('Email alice@bigcorp.test@acme.test is not a valid email address.');
  });

  it('refuses quoted local parts, comments, spaces and malformed addresses', () => {
    for (const value of [
      '"ceo@bigcorp.test"@acme.test',
      'alice(comment)@acme.test',
      'al ice@acme.test',
      'alice',
      '@acme.test',
      'alice@',
      'a..b@acme.test',
      '.a@acme.test',
      'alice@acme',
    ]) {
      expect(reasonOf(withEmail(value))).toMatch(/^Email .* is not a valid email address\.$/);
    }
  });

  it('refuses zero-width characters in an email', () => {
    expect(reasonOf(withEmail('alice@acme.test\u200b'))).toBe('User attribute email contains invisible or control characters.');
    expect(reasonOf(withEmail('ali\u200bce@acme.test'))).toBe('User attribute email contains invisible or control characters.');
  });

  it('accepts a trailing dot on the email domain (same DNS name)', () => {
    expect(accepted(withEmail('alice@acme.test.')).user.email).toBe('alice@acme.test');
  });

  it('puts the normalised email into the attribute map', () => {
    expect(accepted(withEmail('alice@ACME.TEST')).user.attributes).toContainEqual({ name: 'email', values: ['alice@acme.test'] });
  });
});

describe('rule 10: identity', () => {
  it('keys on ExternalId within the directory when the assertion carries one', () => {
    const reading = readAssertion(assertion({ userName: ['alice'], ExternalId: ['00u1'] }), config());
    if (!reading.ok) throw new Error(reading.reason);
    expect(identityKey(reading.identity)).toEqual({ by: 'externalId', directoryId: 'dir-1', externalId: '00u1' });
  });

  it('keys on userName within the domain otherwise', () => {
    const reading = readAssertion(assertion({ userName: ['alice'], domain: ['eu.acme.test'] }), config({ directory: TWO_DOMAINS }));
    if (!reading.ok) throw new Error(reading.reason);
    expect(identityKey(reading.identity)).toEqual({ by: 'userName', domainId: 'dom-eu', userName: 'alice' });
  });

  it('updates the same user when userName changes and ExternalId stays', () => {
    const existing = existingUser({ externalId: '00u1', attributes: [{ name: 'userName', values: ['alice'] }] });
    const decision = accepted(decideProvisioning(assertion({ userName: ['alice.liddell'], ExternalId: ['00u1'] }), config(), existing));
    expect(decision.kind).toBe('update');
    expect(decision.user.userName).toBe('alice.liddell');
    expect(decision.changes.userName).toEqual({ before: ['alice'], after: ['alice.liddell'] });
  });

  it('adopts a user without ExternalId found by userName when the IdP starts sending one', () => {
    const decision = accepted(decideProvisioning(assertion({ userName: ['alice'], ExternalId: ['00u1'] }), config(), existingUser()));
    expect(decision.kind).toBe('update');
    expect(decision.changes.ExternalId).toEqual({ before: [], after: ['00u1'] });
  });

  it('refuses an assertion without ExternalId for a user that has one', () => {
    expect(reasonOf(decideProvisioning(assertion({ userName: ['alice'] }), config(), existingUser({ externalId: '00u1' })))).toBe(
      'The assertion carries no ExternalId, but the user alice was provisioned with one.',
    );
  });

  it('refuses a user that does not match the asserted identity (defence against a wrong lookup)', () => {
    const mismatch = 'The user found does not match the identity in the assertion.';
    expect(
      reasonOf(
        decideProvisioning(assertion({ userName: ['alice'], ExternalId: ['00u2'] }), config(), existingUser({ externalId: '00u1' })),
      ),
    ).toBe(mismatch);
    expect(reasonOf(decideProvisioning(assertion({ userName: ['bob'] }), config(), existingUser()))).toBe(mismatch);
    expect(reasonOf(decideProvisioning(assertion({ userName: ['Alice'] }), config(), existingUser()))).toBe(mismatch);
    expect(reasonOf(decideProvisioning(assertion({ userName: ['alice'] }), config(), existingUser({ directoryId: 'dir-2' })))).toBe(
      'The user found belongs to another directory.',
    );
  });

  it('refuses a suspended user', () => {
    expect(reasonOf(decideProvisioning(assertion({ userName: ['alice'] }), config(), existingUser({ status: 'suspended' })))).toBe(
      'The user alice is suspended.',
    );
  });
});

describe('rule 11: create, then update with a diff', () => {
  it('records every attribute as a change on create', () => {
    const decision = accepted(decideProvisioning(assertion({ userName: ['alice'], groups: ['a', 'b'] }), config(), null));
    expect(decision.changes).toEqual({
      userName: { before: [], after: ['alice'] },
      domain: { before: [], after: ['acme.test'] },
      groups: { before: [], after: ['a', 'b'] },
    });
  });

  it('is an update with no changes when nothing changed', () => {
    const decision = accepted(decideProvisioning(assertion({ userName: ['alice'] }), config(), existingUser()));
    expect(decision.kind).toBe('update');
    expect(decision.changes).toEqual({});
  });

  it('records changed, added and removed attributes (the IdP is the source of truth)', () => {
    const existing = existingUser({
      firstName: 'Alice',
      email: 'alice@acme.test',
      attributes: [
        { name: 'userName', values: ['alice'] },
        { name: 'firstName', values: ['Alice'] },
        { name: 'email', values: ['alice@acme.test'] },
        { name: 'department', values: ['Sales'] },
        { name: 'domain', values: ['acme.test'] },
        { name: 'groups', values: ['a', 'b'] },
      ],
    });
    const decision = accepted(
      decideProvisioning(
        assertion({ userName: ['alice'], firstName: ['Alice'], department: ['Support'], groups: ['b', 'a'], lastName: ['Liddell'] }),
        config(),
        existing,
      ),
    );
    expect(decision.changes).toEqual({
      department: { before: ['Sales'], after: ['Support'] },
      groups: { before: ['a', 'b'], after: ['b', 'a'] },
      lastName: { before: [], after: ['Liddell'] },
      email: { before: ['alice@acme.test'], after: [] },
    });
    expect(decision.user.email).toBeNull();
    expect(decision.user.lastName).toBe('Liddell');
  });

  it('diffs against the columns when they disagree with the stored rows', () => {
    const existing = existingUser({
      firstName: 'Alicia',
      attributes: [
        { name: 'userName', values: ['alice'] },
        { name: 'firstName', values: ['Alice'] },
      ],
    });
    const decision = accepted(decideProvisioning(assertion({ userName: ['alice'], firstName: ['Alice'] }), config(), existing));
    expect(decision.changes.firstName).toEqual({ before: ['Alicia'], after: ['Alice'] });
  });

  it('records a domain move within the directory', () => {
    const existing = existingUser({ externalId: '00u1' });
    const decision = accepted(
      decideProvisioning(
        assertion({ userName: ['alice'], ExternalId: ['00u1'], domain: ['eu.acme.test'] }),
        config({ directory: TWO_DOMAINS }),
        existing,
      ),
    );
    expect(decision.user.domainId).toBe('dom-eu');
    expect(decision.changes.domain).toEqual({ before: ['acme.test'], after: ['eu.acme.test'] });
  });

  it('diffAttributes compares ordered lists and handles a __proto__ name as data', () => {
    const changes = diffAttributes([{ name: '__proto__', values: ['x'] }], [{ name: '__proto__', values: ['y'] }]);
    expect(Object.keys(changes)).toEqual(['__proto__']);
    expect(changes['__proto__']).toEqual({ before: ['x'], after: ['y'] });
  });
});

describe('purity', () => {
  it('does not mutate its inputs and gives the same answer twice', () => {
    const input = assertion({ userName: [' alice '], groups: ['a', ''] });
    const snapshot = structuredClone(input);
    const cfg = config();
    const first = decideProvisioning(input, cfg, null);
    expect(decideProvisioning(input, cfg, null)).toEqual(first);
    expect(input).toEqual(snapshot);
  });
});
