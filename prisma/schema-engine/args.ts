/**
 * The command line the Prisma CLI gives a schema engine:
 *
 *   schema-engine [--datamodels <file>]… [--datasource <json>] [--enabled-preview-features <list>]
 *                 [--extension-types <json>]                       → JSON-RPC on stdin/stdout
 *   schema-engine --datasource <json> cli can-connect-to-database  → exit code (+ stderr log)
 *   schema-engine --datasource <json> cli create-database
 *   schema-engine --version
 */
import type { Datasource } from './datasource.ts';

export type CliCommand = 'can-connect-to-database' | 'create-database';

export interface Args {
  datamodels: string[];
  datasource: Datasource | undefined;
  cli: CliCommand | undefined;
  version: boolean;
}

const CLI_COMMANDS: readonly string[] = ['can-connect-to-database', 'create-database'];

function parseDatasource(json: string): Datasource {
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null) throw new Error('--datasource must be a JSON object');
  const { url, shadowDatabaseUrl } = value as Record<string, unknown>;
  const datasource: Datasource = {};
  if (typeof url === 'string') datasource.url = url;
  if (typeof shadowDatabaseUrl === 'string') datasource.shadowDatabaseUrl = shadowDatabaseUrl;
  return datasource;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { datamodels: [], datasource: undefined, cli: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--datamodels') args.datamodels.push(value());
    else if (arg === '--datasource') args.datasource = parseDatasource(value());
    else if (arg === '--enabled-preview-features' || arg === '--extension-types') value();
    else if (arg === '--version' || arg === '-V') args.version = true;
    else if (arg === 'cli') {
      const command = value();
      if (!CLI_COMMANDS.includes(command)) throw new Error(`Unknown cli command: ${command}`);
      args.cli = command as CliCommand;
    } else throw new Error(`Unknown argument: ${arg}`);
  }
  return args;
}
