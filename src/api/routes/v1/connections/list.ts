// GET /v1/connections: the connections the key may see, with their health. Any data key may list its own.
import { listConnectionsRoute } from '../../../connection-view.ts';

export default listConnectionsRoute('/v1/connections', { family: 'v1' }, 'The connections this key may read, with their health');
