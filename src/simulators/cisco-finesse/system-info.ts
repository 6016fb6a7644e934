// GET /finesse/api/SystemInfo in its 12.6 shape (reference §3.1), as the node asked sees the deployment:
// both nodes' addresses, the deployment type, and IN_SERVICE or OUT_OF_SERVICE. It answers while the node
// is out of service: that is how a desktop learns when to come back.
import { isoTime } from '../iso-time.ts';
import type { ApiHandler, FinesseSim, NodeName } from './context.ts';
import { API, xmlResponse } from './xml.ts';

function nodeXml(sim: FinesseSim, node: NodeName) {
  const { host, port } = sim.addresses[node];
  return { host, httpsPort: port, xmppPort: 5222, xmppSecurePort: 5223 };
}

export const systemInfo: ApiHandler = ({ sim, node, now }) => {
  const inService = sim.status[node] === 'IN_SERVICE';
  const ucce = sim.deployment === 'UCCE';
  const host = sim.addresses.primary.host;
  return xmlResponse(200, {
    SystemInfo: {
      currentTimestamp: isoTime(now),
      deploymentType: sim.deployment,
      lastCTIHeartbeatStatus: inService ? 'success' : 'failure',
      lastSuccessCTIHeartbeatTime: now - (inService ? 10_000 : 120_000),
      ctiVersion: ucce ? '12.6(2)' : '12.5(1)',
      ctiHeartbeatInterval: 30,
      // Maintenance-mode fields exist on UCCE 12.6+ only; their value format is UNCONFIRMED.
      ...(ucce ? { ctiMMode: false, ctiTimeInMMode: 0, finesseMMode: false, finesseTimeInMMode: 0 } : {}),
      license: ucce ? '' : 'Premium',
      peripheralId: ucce ? 5000 : '',
      primaryNode: nodeXml(sim, 'primary'),
      secondaryNode: nodeXml(sim, 'secondary'),
      status: inService ? 'IN_SERVICE' : 'OUT_OF_SERVICE',
      statusReason: inService ? '' : 'CTI_CONNECTION_DOWN',
      systemAuthMode: 'NON_SSO',
      timezoneOffset: 0,
      uri: `${API}/SystemInfo`,
      xmppDomain: host,
      xmppPubSubDomain: `pubsub.${host}`,
      ctiServers: {
        ctiServer: [
          { host: `cti-a.${sim.deployment.toLowerCase()}.sim.invalid`, connectedDuration: inService ? 86_400 : 0, active: inService },
        ],
      },
    },
  });
};
