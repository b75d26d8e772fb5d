import { describe, expect, it } from 'vitest';
import { getServiceProviderInfo } from './service-provider';

describe('getServiceProviderInfo', () => {
  it('derives the entity ID, ACS and metadata URLs from the base URL', () => {
    expect(getServiceProviderInfo('https://sso.acme.test')).toEqual({
      entityId: 'https://sso.acme.test/api/saml/metadata',
      acsUrl: 'https://sso.acme.test/api/saml/acs',
      metadataUrl: 'https://sso.acme.test/api/saml/metadata',
    });
    expect(getServiceProviderInfo('http://localhost:3000/').acsUrl).toBe('http://localhost:3000/api/saml/acs');
  });
});
