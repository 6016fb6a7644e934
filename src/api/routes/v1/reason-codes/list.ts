// GET /v1/reason-codes
import { listRoute } from '../../../record-routes.ts';
import { reasonCodes } from '../../../resources.ts';

export default listRoute(reasonCodes);
