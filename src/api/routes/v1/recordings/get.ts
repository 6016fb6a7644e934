// GET /v1/recordings/{id}
import { getRoute } from '../../../record-routes.ts';
import { recordings } from '../../../resources.ts';

export default getRoute(recordings);
