// GET /v1/agents
import { listRoute } from '../../../record-routes.ts';
import { agents } from '../../../resources.ts';

export default listRoute(agents);
