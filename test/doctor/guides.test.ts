// The setup guides committed under docs/guides/ are exactly what `switchboard guide` renders today, so a
// permission added to a stream (or a changed step) cannot leave the documentation behind.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectors } from '../../src/connectors/catalog.ts';
import { featuresOffered } from '../../src/doctor/features.ts';
import { buildGuide, renderGuideMarkdown } from '../../src/doctor/guide.ts';

const guided = connectors.filter((c) => c.doctor);

describe.each(guided.map((c) => [c.id, c] as const))('the %s setup guide', (id, connector) => {
  it('in docs/guides is up to date with the generator', async () => {
    const file = path.resolve(import.meta.dirname, '../../docs/guides', `${id}.md`);
    const committed = await readFile(file, 'utf8').catch(() => '');
    const rendered = renderGuideMarkdown(buildGuide(connector, featuresOffered(connector)));
    expect(committed, `regenerate it: npx tsx src/cli/main.ts guide ${id} > docs/guides/${id}.md`).toBe(rendered);
  });

  it('grants exactly what the chosen features’ streams require, and ends with connections add', () => {
    // Interactions where the platform has them (Finesse keeps no history): its last feature otherwise.
    const offered = featuresOffered(connector);
    const feature = offered.includes('interactions') ? 'interactions' : offered.at(-1)!;
    const guide = buildGuide(connector, [feature]);
    const stream = connector.streams.find((s) => (s.feature ?? s.name) === feature)!;
    expect(guide.permissions.map((p) => p.name)).toEqual([...(stream.requires.all ?? []), ...(stream.requires.any ?? []).slice(0, 1)]);
    expect(guide.steps.at(-1)?.values?.command).toMatch(
      new RegExp(`switchboard connections add ${id} --name <name> .*--features ${feature}$`),
    );
  });
});
