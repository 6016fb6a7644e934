// Data Extraction of recording-interaction metadata (reference §5.4), the optional bulk path gated by
// "Extract interaction metadata": submit a job (202 with the bare job id as a JSON string), poll it
// (RUNNING, then SUCCEEDED with a CSV link valid for 30 seconds), list jobs. The tenant limits are
// enforced: one job submission per 30 seconds, one active job, at most 14 days per request.
import { randomUUID } from 'node:crypto';
import { json, readJson, text, type Router, type SimRequest, type SimResponse } from '../http-kit.ts';
import { MAX_CONTACT_SPAN_MS } from './contacts.ts';
import { ok, type ApiHandler, type NiceSim } from './context.ts';
import { badRequest, notFound, tooManyRequests } from './errors.ts';
import { refuseLink, signedUrl, storageError } from './signed-links.ts';
import type { ExtractionJob } from './state.ts';

const ENTITY = 'recording-interaction-metadata';
const MIN_SPACING_MS = 30_000;
const MAX_DAYS = 14;
const RESULT_TTL_MS = 30_000;
const DAY_MS = 86_400_000;

const statusOf = (job: ExtractionJob) => (job.polls > 0 ? 'SUCCEEDED' : 'RUNNING');

function day(value: unknown, name: string): number {
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest(`${name} must be a date YYYY-MM-DD.`);
  return ms;
}

const submit: ApiHandler = ({ req, state, now }) => {
  let body: Record<string, unknown>;
  try {
    body = (readJson(req) ?? {}) as Record<string, unknown>;
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (body.entityName !== ENTITY) throw badRequest(`entityName must be ${ENTITY}.`);
  if (typeof body.version !== 'string' || body.version === '') throw badRequest('version is required.');
  const from = day(body.startDate, 'startDate');
  const to = day(body.endDate, 'endDate') + DAY_MS;
  if (to <= from) throw badRequest('endDate must not be before startDate.');
  if (to - from > MAX_DAYS * DAY_MS) throw badRequest(`A request may cover at most ${MAX_DAYS} days.`);
  if (state.lastExtractionAt !== undefined && now - state.lastExtractionAt < MIN_SPACING_MS)
    throw tooManyRequests('Only one Data Extraction call is allowed every 30 seconds.');
  if ([...state.extractionJobs.values()].some((j) => statusOf(j) === 'RUNNING'))
    throw tooManyRequests('Only one active Data Extraction job is allowed per tenant.');
  state.lastExtractionAt = now;
  const job: ExtractionJob = { id: randomUUID(), fromMs: from, toMs: to, submittedAt: now, polls: 0 };
  state.extractionJobs.set(job.id, job);
  return json(202, job.id);
};

const status: ApiHandler = ({ req, sim, state, now }) => {
  const job = state.extractionJobs.get(req.params.jobId as string);
  if (!job) throw notFound(`Job ${req.params.jobId} was not found.`);
  const current = statusOf(job);
  job.polls++;
  const url = current === 'SUCCEEDED' ? signedUrl(sim, `/extracts/${job.id}.csv`, RESULT_TTL_MS, now) : null;
  return ok({ jobStatus: { id: job.id, status: current, result: { url, errorMessage: null } } });
};

const list: ApiHandler = ({ state }) => ok({ jobs: [...state.extractionJobs.values()].map((j) => ({ id: j.id, status: statusOf(j) })) });

export function registerExtractionRoutes(api: Router<ApiHandler>): void {
  api.post('/data-extraction/v1/jobs', submit);
  api.get('/data-extraction/v1/jobs', list);
  api.get('/data-extraction/v1/jobs/{jobId}', status);
}

/** GET /extracts/{jobId}.csv — recorded voice contacts that started in the job's window, as of submission. */
export function extractFile(sim: NiceSim, req: SimRequest): SimResponse {
  const refused = refuseLink(sim, req);
  if (refused) return refused;
  const file = req.params.file as string;
  const job = sim.state.extractionJobs.get(file.endsWith('.csv') ? file.slice(0, -4) : file);
  if (!job) return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
  const space = sim.state.contacts;
  const rows = ['ACD Call ID,Start Date,Voice Recording Status,Agent 1 Skills'];
  const hi = Math.min(space.visibleCount(job.submittedAt), space.lowerBound(job.toMs + MAX_CONTACT_SPAN_MS));
  for (let i = space.lowerBound(job.fromMs); i < hi; i++) {
    const core = space.core(i);
    if (!core.recorded || core.startMs < job.fromMs || core.startMs >= job.toMs) continue;
    rows.push(`${core.contactId},${new Date(core.startMs).toISOString()},Success,"${space.skills[core.skill]?.skillName ?? ''}"`);
  }
  return text(200, `${rows.join('\n')}\n`, 'text/csv');
}
