// `switchboard keys create|list|revoke`: API keys for apps and admin tokens, through the same code as
// the /admin/keys routes (api/keys.ts). A key is printed once, at creation; only its hash is stored.
import { Command, Option } from 'commander';
import { createApiKey, KeyInputError, listApiKeys, revokeApiKey, type KeyView } from '../api/keys.ts';
import { SCOPES } from '../api/scopes.ts';
import { withServices } from './context.ts';
import { printJson, table, UsageError } from './output.ts';
import { parseRateLimit } from './sim-command.ts';

const asUsage = async <T>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof KeyInputError) throw new UsageError(err.message);
    throw err;
  }
};

const connectionsOf = (view: KeyView) =>
  view.kind === 'admin' ? '-' : view.connections ? view.connections.map((c) => c.name ?? `${c.id} (removed)`).join(',') : 'all';

export function keysCommand(): Command {
  const cmd = new Command('keys').description('API keys for apps, and admin tokens (see docs/api.md)');

  cmd
    .command('create')
    .description('create an API key (or, with --admin, an admin token) and print it once')
    .requiredOption('--name <name>', 'who uses it, e.g. the app')
    .option('--scopes <scopes>', `comma-separated: ${Object.keys(SCOPES).join(', ')}`)
    .option('--connection <names...>', 'only these connections (default: every connection, present and future)')
    .option('--expires <when>', 'e.g. 90d, 12h, or a date (default: never)')
    .option('--admin', 'an admin token, for the /admin routes: no scopes, reads no data')
    .addOption(
      new Option('--rate-limit <limit>', 'requests per minute for this key, e.g. 600/min (default 1200/min)').argParser(parseRateLimit),
    )
    .option('--json', 'print JSON (the key included)')
    .addHelpText(
      'after',
      `\nScopes:\n${Object.entries(SCOPES)
        .map(([s, what]) => `  ${s.padEnd(18)} ${what}`)
        .join('\n')}`,
    )
    .action(
      (opts: {
        name: string;
        scopes?: string;
        connection?: string[];
        expires?: string;
        admin?: boolean;
        rateLimit?: number;
        json?: boolean;
      }) =>
        withServices(({ store }) =>
          asUsage(async () => {
            const { key, view } = await createApiKey(store, {
              name: opts.name,
              scopes: opts.scopes,
              connections: opts.connection,
              expires: opts.expires,
              admin: opts.admin,
              rateLimitPerMinute: opts.rateLimit === undefined ? undefined : Math.round(opts.rateLimit),
            });
            if (opts.json) return printJson({ ...view, key });
            const what =
              view.kind === 'admin' ? 'admin token' : `API key (scopes ${view.scopes.join(',')}; connections ${connectionsOf(view)})`;
            console.log(`Created ${what} "${view.name}", id ${view.id}${view.expiresAt ? `, expires ${view.expiresAt}` : ''}.`);
            console.log(`Store it now: it is shown only this once.\n\n${key}\n`);
          }),
        ),
    );

  cmd
    .command('list')
    .description('list keys and admin tokens (never the keys themselves)')
    .option('--all', 'revoked keys too')
    .option('--json', 'print JSON')
    .action((opts: { all?: boolean; json?: boolean }) =>
      withServices(async ({ store }) => {
        const views = await listApiKeys(store, { includeRevoked: opts.all });
        if (opts.json) return printJson(views);
        if (!views.length) return console.log('no keys yet; create one with `switchboard keys create --name APP --scopes …`');
        console.log(
          table([
            ['ID', 'NAME', 'KIND', 'STATUS', 'SCOPES', 'CONNECTIONS', 'EXPIRES', 'LAST USED'],
            ...views.map((v) => [
              v.id,
              v.name,
              v.kind,
              v.status,
              v.scopes.join(',') || '-',
              connectionsOf(v),
              v.expiresAt ?? 'never',
              v.lastUsedAt ?? 'never',
            ]),
          ]),
        );
      }),
    );

  cmd
    .command('revoke <id-or-name>')
    .description('revoke a key or admin token; its next request is refused')
    .action((idOrName: string) =>
      withServices(({ store }) =>
        asUsage(async () => {
          const view = await revokeApiKey(store, idOrName);
          console.log(`revoked "${view.name}" (${view.id})`);
        }),
      ),
    );
  return cmd;
}
