// Secrets reach the CLI from an environment variable, a prompt, or stdin; never from argv, where shell
// history and process listings would keep them.
import { password, isCancel } from '@clack/prompts';
import type { CredentialField } from '../connectors/connector.ts';
import { registerSecret } from '../log.ts';
import { UsageError } from './output.ts';

/** Reads every secret field: env var first; then a prompt on a terminal, else one line each from stdin. */
export async function readSecrets(fields: CredentialField[], env: NodeJS.ProcessEnv = process.env): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  const missing = fields.filter((f) => {
    const value = f.envVar ? env[f.envVar] : undefined;
    if (value) secrets[f.name] = value;
    return !value;
  });
  if (missing.length) {
    const values = process.stdin.isTTY ? await promptFor(missing) : await stdinLines(missing.length);
    missing.forEach((f, i) => {
      const value = values[i]?.trim();
      if (!value) {
        const via = f.envVar ? `set ${f.envVar}, ` : '';
        throw new UsageError(`no ${f.title} given: ${via}pipe it on stdin, or run in a terminal to be prompted`);
      }
      secrets[f.name] = value;
    });
  }
  Object.values(secrets).forEach(registerSecret);
  return secrets;
}

async function promptFor(fields: CredentialField[]): Promise<string[]> {
  const values: string[] = [];
  for (const f of fields) {
    const answer = await password({ message: `${f.title} (input hidden)` });
    if (isCancel(answer)) throw new UsageError('cancelled');
    values.push(answer);
  }
  return values;
}

async function stdinLines(count: number): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/).slice(0, count);
}
