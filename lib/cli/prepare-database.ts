/**
 * Run by `npm start` as a short-lived child process (so the long-running launcher never holds the
 * database client): seeds the defaults and prepares the first admin, then prints the outcome as one
 * JSON line on stdout for the launcher.
 */
import { createDb } from '../db';
import { getEnv } from '../env';
import { prepareFirstRun } from '../setup/first-run';
import { seedDefaults } from '../setup/seed-defaults';

async function main(): Promise<void> {
  const env = getEnv();
  const db = createDb(env.DATABASE_URL);
  try {
    await seedDefaults(db);
    const firstRun = await prepareFirstRun(db, {
      baseUrl: env.GATEHOUSE_URL,
      adminEmail: env.GATEHOUSE_ADMIN_EMAIL,
      adminPassword: env.GATEHOUSE_ADMIN_PASSWORD,
    });
    process.stdout.write(`${JSON.stringify(firstRun)}\n`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`Preparing the database failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
