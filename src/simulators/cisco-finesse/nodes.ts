// The two Finesse nodes: two listeners over one deployment state. Connection settings carry one port for
// both nodes, so the secondary binds the same port on another loopback address (127.0.0.2, which Linux
// routes on lo) when the primary is on 127.0.0.1; where that address does not exist (macOS, by
// default) it falls back to another port on the primary's address. A DOWN node's listener is closed,
// so connections to it are refused, and opened again when it comes back.
import { ControlError } from '../control-plane.ts';
import { listen, type Handler, type KitServer } from '../http-kit.ts';
import { NODE_NAMES, type FinesseSim, type NodeAddress, type NodeName, type NodeStatus } from './context.ts';

export interface NodeListenOptions {
  host: string;
  port: number;
  /** Default: 127.0.0.2 when host is 127.0.0.1, otherwise the primary's host on another port. */
  secondaryHost?: string;
  tls?: { key: string; cert: string };
}

const SECOND_LOOPBACK = '127.0.0.2';

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code;

export class FinesseNodes {
  private readonly servers = new Map<NodeName, KitServer>();
  private handlers: Record<NodeName, Handler> | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Whether the secondary listens on the primary's port (on another address). */
  sharedPort = false;

  constructor(
    private readonly sim: FinesseSim,
    private readonly options: NodeListenOptions,
  ) {}

  get scheme(): 'https' | 'http' {
    return this.options.tls ? 'https' : 'http';
  }

  url(node: NodeName): string {
    const { host, port } = this.sim.addresses[node];
    return `${this.scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  private async bind(node: NodeName, address: NodeAddress): Promise<KitServer> {
    const handler = (this.handlers as Record<NodeName, Handler>)[node];
    const server = await listen(handler, { host: address.host, port: address.port, tls: this.options.tls });
    this.servers.set(node, server);
    this.sim.addresses[node] = { host: address.host, port: server.port };
    return server;
  }

  async start(handlers: Record<NodeName, Handler>): Promise<void> {
    this.handlers = handlers;
    const { host, port } = this.options;
    const secondaryHost = this.options.secondaryHost ?? (host === '127.0.0.1' ? SECOND_LOOPBACK : undefined);
    // With an ephemeral port, the one the primary gets may be taken on the second address: try again.
    for (let attempt = 1; ; attempt++) {
      const primary = await this.bind('primary', { host, port });
      if (secondaryHost === undefined) break;
      try {
        await this.bind('secondary', { host: secondaryHost, port: primary.port });
        this.sharedPort = true;
        return;
      } catch (err) {
        if (codeOf(err) === 'EADDRNOTAVAIL' && this.options.secondaryHost === undefined) break;
        this.servers.delete('primary');
        await primary.close();
        if (codeOf(err) !== 'EADDRINUSE' || port !== 0 || attempt === 5) throw err;
      }
    }
    await this.bind('secondary', { host, port: 0 });
  }

  /** Validates and records a node's new status; call sync() to open or close its listener. */
  setStatus(node: NodeName, status: NodeStatus): void {
    const other = node === 'primary' ? 'secondary' : 'primary';
    if (status === 'DOWN' && this.sim.status[other] === 'DOWN')
      throw new ControlError('one node must keep listening, or the control plane could not be reached to bring them back');
    this.sim.status[node] = status;
  }

  /** Opens or closes listeners to match the nodes' statuses; serialised, since closing takes a moment. */
  sync(): Promise<void> {
    this.chain = this.chain.catch(() => undefined).then(() => this.apply());
    return this.chain;
  }

  private async apply(): Promise<void> {
    for (const node of NODE_NAMES) {
      const open = this.servers.get(node);
      if (this.sim.status[node] === 'DOWN' && open) {
        this.servers.delete(node);
        await open.close();
      } else if (this.sim.status[node] !== 'DOWN' && !open) await this.bind(node, this.sim.addresses[node]);
    }
  }

  describe() {
    const node = (name: NodeName) => ({
      ...this.sim.addresses[name],
      url: this.url(name),
      status: this.sim.status[name],
      requests: this.sim.served[name],
    });
    return {
      deploymentType: this.sim.deployment,
      scheme: this.scheme,
      sharedPort: this.sharedPort,
      primary: node('primary'),
      secondary: node('secondary'),
    };
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    await Promise.all([...this.servers.values()].map((s) => s.close()));
    this.servers.clear();
  }
}
