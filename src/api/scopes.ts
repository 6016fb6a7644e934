// What a data key may be allowed to read. A route names the one scope it needs (routes/); pii:read
// changes what the other scopes show rather than opening routes of its own.
export const SCOPES = {
  'agents:read': 'agents (emails and email-shaped usernames are masked without pii:read)',
  'directory:read': 'teams, queues, divisions, reason codes and wrap-up codes',
  'interactions:read': 'interactions (customer and dialed addresses are masked without pii:read)',
  'recordings:read': 'recording metadata and media',
  'health:read': "sync runs and doctor reports of the key's connections",
  'passthrough:read':
    "the platform's own read endpoints its connector allows, with the connection's credential (GET /v1/connections/{id}/passthrough/…)",
  'pii:read': 'personal data unmasked: customer phone numbers and email addresses, agent emails; and raw platform payloads',
} as const;

export type Scope = keyof typeof SCOPES;

export const isScope = (value: string): value is Scope => Object.hasOwn(SCOPES, value);
