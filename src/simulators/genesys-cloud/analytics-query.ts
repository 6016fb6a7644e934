// The parts of an analytics ConversationQuery the simulator understands (reference §6.4): interval,
// order/orderBy, and conversation/segment filters with `matches`/`exists`/`notExists` predicates on the
// common dimensions. Anything it cannot evaluate is refused with a 400 rather than silently ignored.
import { badRequest, invalidDate, invalidValue } from './errors.ts';

export interface Interval {
  startMs: number;
  endMs: number;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `start/end`, both ISO-8601 instants with a zone; end after start. */
export function parseInterval(value: unknown): Interval {
  if (value === undefined || value === null || value === '') throw badRequest('interval is required.');
  if (typeof value !== 'string') throw invalidDate();
  const [start, end, extra] = value.split('/');
  if (extra !== undefined || !start || !end || !ISO_INSTANT.test(start) || !ISO_INSTANT.test(end)) throw invalidDate();
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) throw invalidDate();
  if (endMs <= startMs) throw badRequest(`The interval end must be after its start: ${value}`);
  return { startMs, endMs };
}

/** Only conversationStart ordering is simulated; results are generated in start order. */
export function parseOrder(body: Record<string, unknown>): 'asc' | 'desc' {
  const order = body.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc' && order !== 'unordered') throw invalidValue(order, 'order', 'asc, desc, unordered');
  const orderBy = body.orderBy ?? 'conversationStart';
  if (orderBy !== 'conversationStart')
    throw badRequest(`orderBy [${String(orderBy)}] is not supported by the simulator; use conversationStart.`);
  return order === 'desc' ? 'desc' : 'asc';
}

type Json = Record<string, unknown>;
type Values = Map<string, string[]>;

const CONVERSATION_DIMENSIONS = ['conversationId', 'divisionId', 'originatingDirection', 'conversationInitiator'];
const SEGMENT_DIMENSIONS = [
  'queueId',
  'userId',
  'mediaType',
  'direction',
  'purpose',
  'wrapUpCode',
  'disconnectType',
  'ani',
  'dnis',
  'segmentType',
  'participantName',
  'recording',
];

function add(values: Values, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const list = values.get(key) ?? [];
  list.push(String(value));
  values.set(key, list);
}

function conversationValues(c: Json): Values {
  const values: Values = new Map();
  add(values, 'conversationId', c.conversationId);
  for (const d of (c.divisionIds as string[]) ?? []) add(values, 'divisionId', d);
  add(values, 'originatingDirection', c.originatingDirection);
  add(values, 'conversationInitiator', c.conversationInitiator);
  return values;
}

/** One value map per segment, carrying its session's and participant's dimensions too. */
function segmentValues(c: Json): Values[] {
  const out: Values[] = [];
  for (const p of (c.participants as Json[]) ?? []) {
    for (const s of (p.sessions as Json[]) ?? []) {
      for (const seg of (s.segments as Json[]) ?? []) {
        const values: Values = new Map();
        add(values, 'userId', p.userId);
        add(values, 'purpose', p.purpose);
        add(values, 'participantName', p.participantName);
        for (const key of ['mediaType', 'direction', 'ani', 'dnis', 'recording']) add(values, key, s[key]);
        for (const key of ['queueId', 'wrapUpCode', 'disconnectType', 'segmentType']) add(values, key, seg[key]);
        out.push(values);
      }
    }
  }
  return out;
}

type Test = (values: Values) => boolean;

function compilePredicate(p: unknown, dimensions: string[]): Test {
  const { type = 'dimension', dimension, operator = 'matches', value } = (p ?? {}) as Json;
  if (type !== 'dimension') throw badRequest(`Predicate type [${String(type)}] is not supported by the simulator.`);
  if (typeof dimension !== 'string' || !dimensions.includes(dimension)) {
    throw badRequest(`Dimension [${String(dimension)}] is not supported by the simulator here (supported: ${dimensions.join(', ')}).`);
  }
  if (operator === 'exists') return (v) => v.has(dimension);
  if (operator === 'notExists') return (v) => !v.has(dimension);
  if (operator !== 'matches') throw invalidValue(operator, 'operator', 'matches, exists, notExists');
  if (value === undefined) throw badRequest('A matches predicate needs a value.');
  const wanted = String(value);
  return (v) => v.get(dimension)?.includes(wanted) ?? false;
}

function combine(type: unknown, tests: Test[]): Test {
  if (type !== 'and' && type !== 'or') throw invalidValue(type, 'type', 'and, or');
  return type === 'and' ? (v) => tests.every((t) => t(v)) : (v) => tests.some((t) => t(v));
}

function compileFilter(f: unknown, dimensions: string[]): Test {
  const { type, predicates = [], clauses = [] } = (f ?? {}) as Json;
  if (!Array.isArray(predicates) || !Array.isArray(clauses)) throw badRequest('Filter predicates and clauses must be arrays.');
  const tests = predicates.map((p) => compilePredicate(p, dimensions));
  for (const clause of clauses) {
    const c = (clause ?? {}) as Json;
    if (!Array.isArray(c.predicates)) throw badRequest('A clause needs predicates.');
    tests.push(
      combine(
        c.type,
        c.predicates.map((p) => compilePredicate(p, dimensions)),
      ),
    );
  }
  return combine(type, tests);
}

function filterList(body: Json, key: string): unknown[] {
  const value = body[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest(`${key} must be an array.`);
  return value;
}

/**
 * Compiles conversationFilters and segmentFilters into one test on an AnalyticsConversation, or undefined
 * when there are none. Every filter must hold; a segment filter holds when one segment satisfies it.
 */
export function compileFilters(body: Json): ((conversation: Json) => boolean) | undefined {
  const conversation = filterList(body, 'conversationFilters').map((f) => compileFilter(f, CONVERSATION_DIMENSIONS));
  const segment = filterList(body, 'segmentFilters').map((f) => compileFilter(f, SEGMENT_DIMENSIONS));
  for (const key of ['evaluationFilters', 'surveyFilters', 'resolutionFilters']) {
    if (filterList(body, key).length > 0) throw badRequest(`${key} are not supported by the simulator.`);
  }
  if (conversation.length === 0 && segment.length === 0) return undefined;
  return (c) => {
    if (conversation.length > 0) {
      const values = conversationValues(c);
      if (!conversation.every((t) => t(values))) return false;
    }
    if (segment.length > 0) {
      const segments = segmentValues(c);
      if (!segment.every((t) => segments.some((v) => t(v)))) return false;
    }
    return true;
  };
}
