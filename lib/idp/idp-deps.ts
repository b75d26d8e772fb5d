/** What the IdP functions need from outside the database; routes pass the real ones, tests pass fakes. */
export type SamlConnectionStore = {
  /** Creates or updates the SAML engine's connection for this IdP; returns its client id. */
  upsert(idp: { id: string; name: string; metadataXml: string; samlClientId: string | null }): Promise<{ clientId: string }>;
  remove(clientId: string): Promise<void>;
};

export type IdpDeps = {
  fetchMetadata: (url: string) => Promise<string>;
  connections: SamlConnectionStore;
};
