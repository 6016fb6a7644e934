// GET /v1/divisions
import { listRoute } from '../../../record-routes.ts';
import { divisions } from '../../../resources.ts';

export default listRoute(divisions);
