// GET /v1/wrapup-codes
import { listRoute } from '../../../record-routes.ts';
import { wrapUpCodes } from '../../../resources.ts';

export default listRoute(wrapUpCodes);
