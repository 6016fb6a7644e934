// GET /v1/reason-codes/{id}
import { getRoute } from '../../../record-routes.ts';
import { reasonCodes } from '../../../resources.ts';

export default getRoute(reasonCodes);
