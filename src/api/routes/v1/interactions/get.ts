// GET /v1/interactions/{id}
import { getRoute } from '../../../record-routes.ts';
import { interactions } from '../../../resources.ts';

export default getRoute(interactions);
