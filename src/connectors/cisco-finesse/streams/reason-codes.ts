import { mapReasonCode } from '../map.ts';
import { codeStream } from './codes.ts';

/** Not-ready and logout reason codes, system codes included (flagged), with the teams each is assigned to. */
export const reasonCodes = codeStream(
  {
    name: 'reason-codes',
    entities: ['reasonCode'],
    description: 'Not-ready and logout reason codes (global and per team), system codes flagged',
  },
  {
    list: 'ReasonCodes',
    item: 'ReasonCode',
    // `ALL` is only observed on UCCX (reference §3.6): the two documented categories are asked for apart.
    categories: ['NOT_READY', 'LOGOUT'],
    map: (item, category, teamIds) => {
      const record = mapReasonCode(item, category, teamIds);
      return record && { entity: 'reasonCode', record };
    },
  },
);
