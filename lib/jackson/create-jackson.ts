import 'server-only';
import { controllers, type JacksonOption, type SAMLJackson } from '@boxyhq/saml-jackson';
import type { Db } from '../db';
import { deriveSecretKey, jacksonClientSecret } from '../saml/derive-secret-key';
import { getServiceProviderInfo } from '../saml/service-provider';
import { getServiceProviderKeys } from '../saml/sp-keys';
import { createPrismaDriver, type PrismaDriverOptions } from './prisma-driver';

export type JacksonControllers = SAMLJackson;

export type CreateJacksonOptions = {
  db: Db;
  /** GATEHOUSE_URL, without a trailing slash. */
  baseUrl: string;
  /** GATEHOUSE_SECRET: the store encryption key and the SP key's sealing key derive from it. */
  secret: string;
  driver?: PrismaDriverOptions;
};

export const JACKSON_SAML_PATH = '/api/saml/acs';

/**
 * A Jackson instance on our database. Jackson caches its database wrapper on `globalThis.__jacksonDb`
 * (dist/db/db.js) and would hand a second instance the first one's store; clearing it right before
 * the synchronous start of `controllers()` gives every instance its own driver. Its x509 module also
 * keeps the first instance's certificate process-wide, so one process should run one configuration.
 */
export async function createJackson({ db, baseUrl, secret, driver }: CreateJacksonOptions): Promise<JacksonControllers> {
  const keys = await getServiceProviderKeys(db, secret, { baseUrl });
  const sp = getServiceProviderInfo(baseUrl);
  const options: JacksonOption = {
    externalUrl: baseUrl,
    samlPath: JACKSON_SAML_PATH,
    samlAudience: sp.entityId,
    db: {
      driver: createPrismaDriver(db, driver),
      // 32 bytes as base64: Jackson reads a 44-character key as base64 (a 32-character one as latin1).
      encryptionKey: deriveSecretKey(secret, 'jackson-store').toString('base64'),
      // Only meaningful for Jackson's TypeORM engines (synchronize); our migrations own the tables.
      manualMigration: true,
    },
    noAnalytics: true,
    // Our audit log records every sign-in outcome with its reason. Jackson's traces would be a second copy of
    // assertion data, kept 7 days, written fire-and-forget after the request it belongs to has answered.
    ssoTraces: { disable: true },
    idpEnabled: false,
    // Jackson's default verifier is the public word "dummy"; codes are exchanged in-process with this one.
    clientSecretVerifier: jacksonClientSecret(secret),
    // Jackson expects base64-encoded PEMs here (dist/saml/x509.js decodes them).
    certs: {
      publicKey: Buffer.from(keys.certificatePem).toString('base64'),
      privateKey: Buffer.from(keys.privateKeyPem).toString('base64'),
    },
  };
  (globalThis as { __jacksonDb?: unknown }).__jacksonDb = undefined;
  return controllers(options);
}
