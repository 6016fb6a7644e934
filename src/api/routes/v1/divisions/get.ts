// GET /v1/divisions/{id}
import { getRoute } from '../../../record-routes.ts';
import { divisions } from '../../../resources.ts';

export default getRoute(divisions);
