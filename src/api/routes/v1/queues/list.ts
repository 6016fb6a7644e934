// GET /v1/queues
import { listRoute } from '../../../record-routes.ts';
import { queues } from '../../../resources.ts';

export default listRoute(queues);
