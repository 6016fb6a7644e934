// GET /v1/wrapup-codes/{id}
import { getRoute } from '../../../record-routes.ts';
import { wrapUpCodes } from '../../../resources.ts';

export default getRoute(wrapUpCodes);
