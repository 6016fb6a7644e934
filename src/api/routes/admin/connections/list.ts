// GET /admin/connections: every connection with its health, to find the ids other admin routes take.
import { listConnectionsRoute } from '../../../connection-view.ts';

export default listConnectionsRoute('/admin/connections', { family: 'admin' }, 'Every connection, with its health');
