// GET /v1/agents/{id}
import { getRoute } from '../../../record-routes.ts';
import { agents } from '../../../resources.ts';

export default getRoute(agents);
