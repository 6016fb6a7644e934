import { describe, expect, it } from 'vitest';
import { ENTITIES } from '../model.ts';
import { connectors, requireConnector } from './catalog.ts';
import { defineConnector } from './connector.ts';

describe.each(connectors.map((c) => [c.id, c] as const))('connector %s', (_id, connector) => {
  it('passes its own load-time validation again', () => {
    expect(() => defineConnector(connector)).not.toThrow();
  });

  it('declares only permissions that some stream requires (none left unchecked)', () => {
    const required = new Set(connector.streams.flatMap((s) => [...(s.requires.any ?? []), ...(s.requires.all ?? [])]));
    expect(Object.keys(connector.permissions).filter((p) => !required.has(p))).toEqual([]);
    for (const info of Object.values(connector.permissions)) {
      expect(info.label).toMatch(/\S/);
      expect(info.source).toMatch(/^https:\/\//);
    }
  });

  it('gives every credential field an example that its own validation accepts', () => {
    for (const field of connector.credentials) {
      const value = field.normalize ? field.normalize(field.example) : field.example;
      expect(value, field.name).toBeTruthy();
      if (field.pattern) expect(field.pattern.test(value as string), field.name).toBe(true);
      if (field.choices) expect(field.choices).toContain(value);
      if (field.secret) expect(field.envVar, `${field.name} needs an env var for scripts`).toMatch(/^SWITCHBOARD_/);
    }
  });

  it('names only its own, non-secret settings as rate overrides', () => {
    const settings = connector.credentials.filter((f) => !f.secret).map((f) => f.name);
    const named = [connector.http.requestsPerMinuteSetting, ...(connector.http.familyBudgets ?? []).map((f) => f.setting)];
    for (const name of named.filter(Boolean)) expect(settings).toContain(name);
  });

  it('writes only unified-model entities, and orders dependent streams after their parents', () => {
    const names = connector.streams.map((s) => s.name);
    for (const stream of connector.streams) {
      for (const entity of stream.entities) expect(ENTITIES).toContain(entity);
      if (stream.dependsOn) expect(names.indexOf(stream.dependsOn.stream)).toBeLessThan(names.indexOf(stream.name));
    }
  });
});

describe('defineConnector', () => {
  const base = connectors[0]!;
  it('refuses a stream that requires an undeclared permission', () => {
    const stream = { ...base.streams[0]!, requires: { all: ['made:up:view'] } };
    expect(() => defineConnector({ ...base, streams: [stream] })).toThrow(/undeclared permission "made:up:view"/);
  });
  it('refuses duplicate stream names', () => {
    expect(() => defineConnector({ ...base, streams: [base.streams[0]!, base.streams[0]!] })).toThrow(/duplicate stream/);
  });
});

describe('requireConnector', () => {
  it('names the known platforms when asked for an unknown one', () => {
    expect(() => requireConnector('avaya')).toThrow(/unknown platform "avaya"; expected one of genesys-cloud/);
  });
});
