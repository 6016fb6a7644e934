// GET /v1/interactions: by start time (from/to), or by when Switchboard last wrote them (updatedSince),
// which is how an app keeps a copy current: remember the last page's records, ask again with the same
// updatedSince, follow the cursors.
import { z } from 'zod';
import { CHANNELS } from '../../../../model.ts';
import { listRoute } from '../../../record-routes.ts';
import { interactions } from '../../../resources.ts';
import { externalIdParam, timeParam } from '../../../schemas.ts';

export default listRoute(interactions, {
  description:
    'Sorted by startedAt (then connection and id), or by syncedAt when updatedSince is given. queue and agent take the ' +
    "platform's ids, as queueIds and agentIds show them.",
  query: {
    from: timeParam.optional().describe('started at or after'),
    to: timeParam.optional().describe('started before'),
    updatedSince: timeParam.optional().describe('written by Switchboard at or after; sorts by syncedAt'),
    queue: externalIdParam.optional().describe("involved this queue (the platform's queue id)"),
    agent: externalIdParam.optional().describe("involved this agent (the platform's user id)"),
    channel: z.enum(CHANNELS).optional(),
  },
  refine: (q) => (q.from && q.to && q.from >= q.to ? 'from must be before to' : undefined),
  page: (q) => ({
    orderBy: q.updatedSince ? 'syncedAt' : 'startedAt',
    equals: q.channel ? { channel: q.channel } : undefined,
    contains: { ...(q.queue ? { queueIds: q.queue } : {}), ...(q.agent ? { agentIds: q.agent } : {}) },
    ranges: [{ field: 'startedAt', from: q.from, to: q.to }, ...(q.updatedSince ? [{ field: 'syncedAt', from: q.updatedSince }] : [])],
  }),
});
