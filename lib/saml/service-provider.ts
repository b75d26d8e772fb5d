/** Where Gatehouse's SAML endpoints live. The metadata URL doubles as the SP entity ID, a common convention. */
export type ServiceProviderInfo = { entityId: string; acsUrl: string; metadataUrl: string };

export function getServiceProviderInfo(baseUrl: string): ServiceProviderInfo {
  const base = baseUrl.replace(/\/+$/, '');
  const metadataUrl = `${base}/api/saml/metadata`;
  return { entityId: metadataUrl, acsUrl: `${base}/api/saml/acs`, metadataUrl };
}
