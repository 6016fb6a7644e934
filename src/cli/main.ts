#!/usr/bin/env node
// The `switchboard` command line.
import { Command } from 'commander';
import { auditCommand } from './audit-command.ts';
import { connectionsCommand } from './connections-command.ts';
import { doctorCommand } from './doctor-command.ts';
import { guideCommand } from './guide-command.ts';
import { keysCommand } from './keys-command.ts';
import { fail } from './output.ts';
import { serveCommand } from './serve-command.ts';
import { simCommand } from './sim-command.ts';
import { startCommand } from './start-command.ts';
import { syncCommand } from './sync-command.ts';

const program = new Command('switchboard')
  .description('Least-privilege bridge from contact-center platforms to the apps that need their data')
  .showHelpAfterError()
  .addCommand(startCommand())
  .addCommand(connectionsCommand())
  .addCommand(syncCommand())
  .addCommand(doctorCommand())
  .addCommand(guideCommand())
  .addCommand(serveCommand())
  .addCommand(keysCommand())
  .addCommand(auditCommand())
  .addCommand(simCommand());

program.parseAsync(process.argv).catch(fail);
