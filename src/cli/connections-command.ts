// `switchboard connections add|list|test|update|remove`
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { connectors, requireConnector } from '../connectors/catalog.ts';
import type { ConnectorDefinition, CredentialField } from '../connectors/connector.ts';
import { addConnection, getConnection, removeConnection, testConnection, updateConnection } from '../connections/service.ts';
import { validateSettings } from '../connections/settings.ts';
import { connectionFeatures, featuresOffered, normalizeFeatures } from '../doctor/features.ts';
import { withServices } from './context.ts';
import { printJson, table, UsageError } from './output.ts';
import { readSecrets } from './secret-input.ts';

export function connectionsCommand(): Command {
  const cmd = new Command('connections').description('add, list, test, update and remove platform connections');
  const add = new Command('add').description('add a connection to a platform');
  for (const connector of connectors) add.addCommand(addFor(connector));
  cmd.addCommand(add);

  cmd
    .command('list')
    .description('list connections and their health (never their secrets)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withServices(async ({ store }) => {
        const rows = await store.connections.list();
        const view = rows.map((r) => ({
          name: r.name,
          platform: r.platform,
          features: connectionFeatures(requireConnector(r.platform), r.features),
          status: r.status,
          reason: r.statusReason,
          settings: r.settings,
          createdAt: r.createdAt,
        }));
        if (opts.json) return printJson(view);
        if (!rows.length) return console.log('no connections yet; add one with `switchboard connections add <platform> --help`');
        console.log(
          table([
            ['NAME', 'PLATFORM', 'STATUS', 'FEATURES', 'REASON'],
            ...view.map((v) => [v.name, v.platform, v.status, v.features.join(','), v.reason ?? '']),
          ]),
        );
      }),
    );

  cmd
    .command('test <name>')
    .description('get a real token and make a real verification call; the verdict updates the connection status')
    .option('--json', 'print JSON')
    .action((name: string, opts: { json?: boolean }) =>
      withServices(async (svc) => {
        const result = await testConnection(svc, name);
        if (opts.json) printJson(result);
        else {
          console.log(`${result.ok ? 'OK' : 'FAILED'}  ${result.connection}: ${result.verdict}`);
          for (const [k, v] of Object.entries(result.report?.details ?? {})) console.log(`  ${k}: ${v ?? '—'}`);
        }
        if (!result.ok) process.exitCode = 1;
      }),
    );

  cmd.addCommand(updateCommand());

  cmd
    .command('remove <name>')
    .description('remove a connection with its synced data, cursors and media')
    .option('--yes', 'do not ask for confirmation')
    .action((name: string, opts: { yes?: boolean }) =>
      withServices(async (svc) => {
        if (!opts.yes) throw new UsageError(`this deletes "${name}" and all its synced data; pass --yes to confirm`);
        await removeConnection(svc, name);
        console.log(`removed ${name}`);
      }),
    );
  return cmd;
}

function settingOptions(cmd: Command, fields: CredentialField[], required: boolean) {
  for (const field of fields) {
    if (field.secret) {
      // Declared so that a secret passed as an argument is refused with a reason, not silently ignored.
      cmd.addOption(new Option(`--${field.flag} <value>`).hideHelp());
      continue;
    }
    const choices = field.choices ? ` (${field.choices.join(', ')})` : '';
    const help = `${field.title}: ${field.description}${choices}${field.multiple ? ' (repeat for several)' : ''}`;
    const option = new Option(
      field.kind === 'switch' ? `--${field.flag}` : `--${field.flag} <${field.kind === 'file' ? 'path' : 'value'}>`,
      help,
    );
    if (field.multiple) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    if (field.required && required) option.makeOptionMandatory();
    cmd.addOption(option);
    // Updating a connection can also turn a switch off.
    if (field.kind === 'switch' && !required) cmd.addOption(new Option(`--no-${field.flag}`, `turn --${field.flag} off`));
  }
  cmd.option('--allow-insecure-http', 'accept plain http URLs to non-loopback hosts');
}

function secretHelp(connector: ConnectorDefinition): string {
  const secrets = connector.credentials.filter((f) => f.secret);
  return `\nSecrets (${secrets.map((f) => f.title).join(', ')}) are never taken as arguments: they are read from ${secrets
    .map((f) => f.envVar)
    .filter(Boolean)
    .join(', ')}, a hidden prompt on a terminal, or one per line on stdin.`;
}

function collect(connector: ConnectorDefinition, opts: Record<string, unknown>) {
  const settings: Record<string, string | undefined> = {};
  for (const field of connector.credentials) {
    const value = opts[camel(field.flag)];
    if (field.secret && value !== undefined) {
      throw new UsageError(
        `--${field.flag} is not accepted on the command line (shell history and process lists keep it); use ${field.envVar ?? 'stdin'} or the prompt`,
      );
    }
    if (field.secret || value === undefined) continue;
    if (field.kind === 'switch') settings[field.name] = value === true ? 'true' : '';
    else if (field.kind === 'file') settings[field.name] = readSettingFile(field, String(value));
    else settings[field.name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return settings;
}

/** A file-valued setting (a CA bundle) is stored by content: the connection must not depend on the path. */
function readSettingFile(field: CredentialField, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${field.flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function addFor(connector: ConnectorDefinition): Command {
  const cmd = new Command(connector.id)
    .description(`add a ${connector.title} connection`)
    .requiredOption('--name <name>', 'a name for this connection');
  settingOptions(cmd, connector.credentials, true);
  cmd.option('--features <features...>', `what to sync: ${featuresOffered(connector).join(', ')} (default: all)`);
  cmd.option('--json', 'print JSON').addHelpText('after', secretHelp(connector));
  return cmd.action((opts: Record<string, unknown>) =>
    withServices(async (svc) => {
      const settings = collect(connector, opts);
      // Refuse bad settings before anyone is asked to type a secret.
      validateSettings(connector, settings, { allowInsecureHttp: Boolean(opts.allowInsecureHttp) });
      const features = chosenFeatures(connector, opts.features);
      const secrets = await readSecrets(connector.credentials.filter((f) => f.secret));
      const row = await addConnection(svc, {
        platform: connector.id,
        name: String(opts.name),
        settings,
        secrets,
        allowInsecureHttp: Boolean(opts.allowInsecureHttp),
      });
      await svc.store.connections.setFeatures(row.id, features);
      if (opts.json) return printJson({ name: row.name, platform: row.platform, settings: row.settings, features, status: row.status });
      console.log(
        `added ${connector.title} connection "${row.name}" for ${features.join(', ')}; check its permissions with: switchboard doctor ${row.name}`,
      );
    }),
  );
}

/** Takes every platform's setting flags; the connection's own platform decides which apply. */
function updateCommand(): Command {
  const cmd = new Command('update')
    .description("change a connection's settings or secrets; new credentials clear an auth_failed block")
    .argument('<name>')
    .option('--secrets', 'read new secrets (env var, prompt or stdin, as for add)')
    .option('--features <features...>', 'what to sync (comma or space separated); replaces the chosen features');
  const seen = new Set<string>();
  const fields = connectors.flatMap((c) => c.credentials).filter((f) => !seen.has(f.flag) && seen.add(f.flag));
  settingOptions(cmd, fields, false);
  return cmd.action((name: string, opts: Record<string, unknown>) =>
    withServices(async (svc) => {
      const { connector } = await getConnection(svc, name);
      const own = new Set(connector.credentials.map((f) => f.flag));
      const foreign = fields.filter((f) => !own.has(f.flag) && opts[camel(f.flag)] !== undefined);
      if (foreign.length) throw new UsageError(`${foreign.map((f) => `--${f.flag}`).join(', ')} is not a ${connector.title} setting`);
      const settings = collect(connector, opts);
      const features = opts.features === undefined ? undefined : chosenFeatures(connector, opts.features);
      const secrets = opts.secrets ? await readSecrets(connector.credentials.filter((f) => f.secret)) : undefined;
      // Features alone change nothing about the credentials: their version and status stay.
      const credentialsChange = secrets !== undefined || Object.keys(settings).length > 0 || features === undefined;
      let row = credentialsChange
        ? await updateConnection(svc, name, { settings, secrets, allowInsecureHttp: Boolean(opts.allowInsecureHttp) })
        : (await getConnection(svc, name)).row;
      if (features) row = await svc.store.connections.setFeatures(row.id, features);
      console.log(
        `updated "${row.name}" (status ${row.status}, features ${connectionFeatures(connector, row.features).join(', ')}); check it with: switchboard doctor ${row.name}`,
      );
    }),
  );
}

/** --features a,b or --features a b: canonical names, refused with the platform's list when unknown. */
function chosenFeatures(connector: ConnectorDefinition, value: unknown) {
  try {
    return normalizeFeatures(connector, Array.isArray(value) ? value.map(String) : undefined);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
