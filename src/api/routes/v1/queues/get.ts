// GET /v1/queues/{id}
import { getRoute } from '../../../record-routes.ts';
import { queues } from '../../../resources.ts';

export default getRoute(queues);
