// GET /v1/teams/{id}
import { getRoute } from '../../../record-routes.ts';
import { teams } from '../../../resources.ts';

export default getRoute(teams);
