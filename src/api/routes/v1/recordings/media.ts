// GET /v1/recordings/{id}/media: the stored media, streamed from the blob store with its stored content
// type, one byte range at a time when asked (players seek with Range).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { recordId, recordIdSchema } from '../../../access.ts';
import type { ApiApp } from '../../../context.ts';
import { ApiError, errorBodySchema, notFound } from '../../../errors.ts';
import { noteAudit } from '../../../plugins/audit.ts';
import { parseRange } from '../../../range.ts';
import { findRecord } from '../../../record-routes.ts';

/** A stored content type is sent as a header: anything but a plain media type becomes octet-stream. */
const MEDIA_TYPE = /^[\w.+-]{1,64}\/[\w.+-]{1,128}(\s*;\s*[\w.+-]+=[\w.+-]+){0,4}$/;

export default (app: ApiApp) =>
  app.get(
    '/v1/recordings/:id/media',
    {
      schema: {
        tags: ['recordings'],
        summary: "A recording's media (Range supported)",
        params: z.object({ id: recordIdSchema }).strict(),
        querystring: z.object({}).strict(),
        headers: z.object({ range: z.string().max(200).optional().describe('bytes=<start>-<end>, one range') }).passthrough(),
        response: {
          200: z.unknown().describe('the media, with its stored Content-Type'),
          206: z.unknown().describe('the requested byte range'),
          416: errorBodySchema,
        },
      },
      config: { access: { family: 'v1', scope: 'recordings:read' } },
    },
    async (request, reply) => {
      const { connectionId, externalId } = request.params.id;
      const id = recordId(connectionId, externalId);
      const recording = await findRecord(request, 'recording', connectionId, externalId);
      if (!recording) throw notFound('recording', id);
      noteAudit(request, { connectionIds: [connectionId], resourceIds: [id] });
      const unavailable = new ApiError(
        404,
        'media_not_stored',
        `recording ${JSON.stringify(id)} has no stored media (state ${recording.state})`,
      );
      // A blob key always starts with its connection's id (engine/sync-runner.ts): one that does not is not this recording's.
      if (recording.state !== 'stored' || !recording.blobKey?.startsWith(`${connectionId}/`)) throw unavailable;
      let path: string;
      let size: number;
      try {
        path = app.api.blobs.pathOf(recording.blobKey);
        size = (await stat(path)).size;
      } catch {
        throw unavailable;
      }
      const etag = recording.sha256 ? `"${recording.sha256}"` : undefined;
      const ifRange = request.headers['if-range'];
      const range = ifRange !== undefined && ifRange !== etag ? { kind: 'full' as const } : parseRange(request.headers.range, size);
      if (range.kind === 'unsatisfiable') {
        throw new ApiError(416, 'range_not_satisfiable', `the media is ${size} bytes`, { 'content-range': `bytes */${size}` });
      }
      noteAudit(request, { records: 1 });
      reply
        .header(
          'content-type',
          recording.contentType && MEDIA_TYPE.test(recording.contentType) ? recording.contentType : 'application/octet-stream',
        )
        .header('accept-ranges', 'bytes');
      if (etag) reply.header('etag', etag);
      if (range.kind === 'full') return reply.header('content-length', size).send(createReadStream(path));
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1)
        .send(createReadStream(path, { start: range.start, end: range.end }));
    },
  );
