// GET /v1/recordings: the recordings of an interaction (interaction=<its externalId>), or all of them.
import { listRoute } from '../../../record-routes.ts';
import { recordings } from '../../../resources.ts';
import { externalIdParam } from '../../../schemas.ts';

export default listRoute(recordings, {
  description: "interaction takes the interaction's externalId (an interaction's recordings are in its connection).",
  query: {
    interaction: externalIdParam.optional().describe("only this interaction's recordings (its externalId)"),
  },
  page: (q) => ({ equals: q.interaction ? { interactionId: q.interaction } : undefined }),
});
