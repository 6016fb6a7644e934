// GET /v1/teams
import { listRoute } from '../../../record-routes.ts';
import { teams } from '../../../resources.ts';

export default listRoute(teams);
