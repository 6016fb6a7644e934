// The NICE CXone reads a downstream app may make through the API's passthrough with this connection's
// access key: the ACD (Admin/Reporting) lists and single reads the connector's own streams use, in the one
// version it speaks (reference/nice-cxone-api.md §4). GET only. Media Playback is left out: it is a
// billable SKU with a tight throttle of its own (§5.3), and recordings are served by /v1/recordings.
import type { PassthroughDefinition } from '../connector.ts';
import { acdPath } from './api.ts';

/** Skip/top listings (§6.1); `orderby` is the spelling NICE's own SDK sends (§4.0). */
const LISTING = ['fields', 'skip', 'top', 'orderBy', 'orderby', 'searchString', 'isActive'];

export const passthrough: PassthroughDefinition = {
  // ACD ids are integers; an agent may also be named by its UserHub user UUID (§4.1).
  segment: /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/,
  allow: [
    // https://developer.niceincontact.com/API/AdminAPI (§4.1)
    { path: acdPath('agents'), query: [...LISTING, 'updateSince', 'isLocked'] },
    { path: acdPath('agents/{agentId}'), query: ['fields'] },
    { path: acdPath('agents/{agentId}/skills'), query: [...LISTING, 'updatedSince'] },
    // (§4.2)
    { path: acdPath('teams'), query: [...LISTING, 'updateSince'] },
    { path: acdPath('teams/{teamId}'), query: ['fields'] },
    { path: acdPath('teams/{teamId}/agents'), query: ['fields'] },
    // (§4.3)
    { path: acdPath('skills'), query: [...LISTING, 'mediaTypeId', 'outboundStrategy', 'updatedSince'] },
    { path: acdPath('skills/{skillId}'), query: ['fields'] },
    { path: acdPath('skills/agents'), query: [...LISTING, 'skills', 'updatedSince'] },
    // (§4.4)
    { path: acdPath('unavailable-codes'), query: LISTING },
    { path: acdPath('unavailable-codes/{codeId}') },
    // (§4.5)
    { path: acdPath('dispositions'), query: [...LISTING, 'isPreviewDispositions', 'updatedSince'] },
    { path: acdPath('dispositions/{dispositionId}') },
    // https://developer.niceincontact.com/API/ReportingAPI (§4.6): from and to addresses are the customer's.
    {
      path: acdPath('contacts/completed'),
      query: [
        'startDate',
        'endDate',
        'updatedSince',
        'fields',
        'top',
        'skip',
        'orderBy',
        'orderby',
        'mediaSubTypeId',
        'mediaSubTypeName',
        'mediaTypeId',
        'skillId',
        'campaignId',
        'agentId',
        'teamId',
        'toAddress',
        'fromAddress',
        'isLogged',
        'isRefused',
        'isTakeover',
        'tags',
        'analyticsProcessed',
      ],
      personalData: true,
    },
  ],
};
