// The list of simulators. `switchboard sim <platform>` picks from here; this is the only place that
// names them all.
import { startCiscoFinesseSimulator } from './cisco-finesse/index.ts';
import type { RunningSimulator, SimulatorOptions } from './control-plane.ts';
import { startGenesysCloudSimulator } from './genesys-cloud/index.ts';
import { startNiceCxoneSimulator } from './nice-cxone/index.ts';

export type {
  CiscoFinesseConnect,
  CiscoFinesseSimulatorOptions,
  FinesseCredentials,
  FinesseUserPrincipal,
  RunningCiscoFinesseSimulator,
} from './cisco-finesse/index.ts';
export type { RunningSimulator, SimulatorOptions, SimulatorSizes } from './control-plane.ts';
export type { GenesysCloudConnect, RunningGenesysCloudSimulator } from './genesys-cloud/index.ts';
export type { NiceCxoneConnect, RunningNiceCxoneSimulator } from './nice-cxone/index.ts';

export type SimulatorStart = (opts: SimulatorOptions) => Promise<RunningSimulator>;

export const simulators = {
  'genesys-cloud': { title: 'Genesys Cloud', start: startGenesysCloudSimulator },
  'nice-cxone': { title: 'NICE CXone', start: startNiceCxoneSimulator },
  'cisco-finesse': { title: 'Cisco Finesse', start: startCiscoFinesseSimulator },
} as const satisfies Record<string, { title: string; start: SimulatorStart }>;

export type SimulatorPlatform = keyof typeof simulators;
