import {
  ConfigError,
  formatHelp,
  resolveOptions,
  type OptionSpec,
  type OptionValues,
} from '../config/options.js';
import { OPERATIONS } from '../security/operations.js';
import {
  createToken,
  readTokens,
  revokeToken,
  type NewTokenSpec,
} from '../security/token-admin.js';
import { formatTokenTable } from '../security/token-list.js';

const USAGE = `Usage: manage_tokens.sh <create|list|revoke> --file <path> [options]

Manages the scoped tokens of the manage service.
  create  adds a token and prints its secret once on stdout; the file gets only a scrypt hash
  list    prints each token's id, status and scope; never hashes or secrets
  revoke  marks a token revoked; it stays in the file so its id is never reused
After create or revoke, send SIGHUP to the service so it reloads the file.`;

const TOKEN_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'file',
    env: ['MANAGE_TOKEN_FILE'],
    kind: 'string',
    description:
      'Token file: YAML, or JSON when the name ends in .json. create makes it with mode 0600 when missing.',
  },
  {
    flag: 'id',
    kind: 'string',
    description:
      'Token id for create and revoke: 1 to 64 letters, digits, ".", "_" or "-", such as miner-1.',
  },
  {
    flag: 'operations',
    kind: 'string',
    description: `Comma-separated operations the new token may use: ${OPERATIONS.join(', ')}.`,
  },
  {
    flag: 'wallets',
    kind: 'string',
    description: 'Comma-separated wallet names the new token may use, or * for every wallet.',
  },
  {
    flag: 'hotkeys',
    kind: 'string',
    description:
      'Comma-separated hotkeys the new token may use: wallet/hotkey, wallet/* or *. None when absent.',
  },
  {
    flag: 'coldkey',
    kind: 'boolean',
    default: false,
    description:
      "Lets the new token use its wallets' coldkeys; the wallet's coldkey policy must allow each operation too.",
  },
  {
    flag: 'rpm',
    kind: 'integer',
    description: 'Requests per minute the new token may send; unlimited when absent.',
  },
  {
    flag: 'netuids',
    kind: 'string',
    description: 'Comma-separated netuids the new token may act on; every netuid when absent.',
  },
  {
    flag: 'allow-insecure-permissions',
    kind: 'boolean',
    default: false,
    description: 'Accepts a token file that group or others can access (mode other than 0600).',
  },
];

const COMMANDS = ['create', 'list', 'revoke'] as const;
type Command = (typeof COMMANDS)[number];

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function requireString(values: OptionValues, flag: string, command: Command): string {
  const value = values[flag];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(`${command} needs --${flag}; run with --help to list the options`);
  }
  return value;
}

function parseNetuids(text: string): number[] {
  return splitList(text).map((item) => {
    if (!/^\d{1,5}$/.test(item)) {
      throw new ConfigError(
        `--netuids entry ${JSON.stringify(item)} is not a netuid; use 0 to 65535`,
      );
    }
    return Number(item);
  });
}

function newTokenSpec(values: OptionValues): NewTokenSpec {
  const spec: NewTokenSpec = {
    id: requireString(values, 'id', 'create'),
    operations: splitList(requireString(values, 'operations', 'create')),
    wallets: splitList(requireString(values, 'wallets', 'create')),
    hotkeys: splitList(String(values.hotkeys ?? '')),
    coldkey: values.coldkey === true,
  };
  if (values.rpm !== undefined) {
    spec.requestsPerMinute = Number(values.rpm);
  }
  if (values.netuids !== undefined) {
    spec.netuids = parseNetuids(String(values.netuids));
  }
  return spec;
}

function runCommand(command: Command, values: OptionValues): void {
  const file = requireString(values, 'file', command);
  const options = { allowInsecurePermissions: values['allow-insecure-permissions'] === true };

  if (command === 'create') {
    const spec = newTokenSpec(values);
    const secret = createToken(file, spec, options);
    // Only the secret goes to stdout, so it can be piped into a secret store.
    process.stdout.write(`${secret}\n`);
    console.error(
      `created token ${spec.id} in ${file}. The line above is its secret: it is shown once and not stored. ` +
        'Give it to the client as MANAGE_SERVICE_TOKEN, then send SIGHUP to the manage service.',
    );
    return;
  }
  if (command === 'list') {
    console.log(formatTokenTable(readTokens(file, options).tokens.values()));
    return;
  }

  const id = requireString(values, 'id', 'revoke');
  const result = revokeToken(file, id, options);
  if (result.alreadyRevoked) {
    console.log(`token ${id} was already revoked at ${result.revokedAt}; the file is unchanged`);
    return;
  }
  console.log(
    `revoked token ${id} at ${result.revokedAt}; send SIGHUP to the manage service to apply it`,
  );
}

function main(): void {
  const options = resolveOptions(TOKEN_OPTIONS, process.argv.slice(2));
  if (options.help) {
    console.log(formatHelp(USAGE, TOKEN_OPTIONS));
    return;
  }
  const [command, ...extra] = options.positionals;
  if (!COMMANDS.includes(command as Command) || extra.length > 0) {
    const positionalText = options.positionals.join(' ') || 'nothing';
    throw new ConfigError(`expected one command of ${COMMANDS.join(', ')}, got ${positionalText}`);
  }
  runCommand(command as Command, options.values);
}

try {
  main();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`manage_tokens: ${message}`);
  process.exit(1);
}
