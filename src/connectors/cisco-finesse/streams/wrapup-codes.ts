import { mapWrapUpReason } from '../map.ts';
import { codeStream } from './codes.ts';

/** Wrap-up reasons, with the teams each is assigned to. */
export const wrapUpCodes = codeStream(
  { name: 'wrapup-codes', entities: ['wrapUpCode'], description: 'Wrap-up reasons (global and per team)' },
  {
    list: 'WrapUpReasons',
    item: 'WrapUpReason',
    categories: [null],
    map: (item, _category, teamIds) => {
      const record = mapWrapUpReason(item, teamIds);
      return record && { entity: 'wrapUpCode', record };
    },
  },
);
