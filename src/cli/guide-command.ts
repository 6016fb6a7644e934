// `switchboard guide PLATFORM [--features a,b] [--format md|json]`
import { Command, Option } from 'commander';
import { connectors, requireConnector } from '../connectors/catalog.ts';
import { normalizeFeatures } from '../doctor/features.ts';
import { buildGuide, renderGuideMarkdown } from '../doctor/guide.ts';
import { printJson, UsageError } from './output.ts';

export function guideCommand(): Command {
  const platforms = connectors.filter((c) => c.doctor).map((c) => c.id);
  return new Command('guide')
    .description('print the least-privilege setup checklist for a platform, ending with the `connections add` command')
    .argument('<platform>', platforms.join(', '))
    .option('--features <features...>', 'what to sync (comma or space separated; default: everything the platform offers)')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .action((platform: string, opts: { features?: string[]; format: 'md' | 'json' }) => {
      let connector;
      let features;
      try {
        connector = requireConnector(platform);
        features = normalizeFeatures(connector, opts.features);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (!connector.doctor) throw new UsageError(`${connector.title} has no setup guide yet; guides exist for ${platforms.join(', ')}`);
      const guide = buildGuide(connector, features);
      if (opts.format === 'json') printJson(guide);
      else process.stdout.write(renderGuideMarkdown(guide));
    });
}
