// Application registrations (reference §7.1): what NICE issues once it approves the CXone Application
// Registration form, with the form's choices, which decide whether this issuer accepts the app at all.
import { randomBytes, randomUUID } from 'node:crypto';
import { ControlError } from '../control-plane.ts';

export interface CxApp {
  clientId: string;
  clientSecret: string;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  tenancy: 'single' | 'multi';
  /** Registered for the FedRAMP issuer, which is not the one this simulator is. */
  fedramp: boolean;
}

export const REGISTRATION_DEFAULTS = { tokenEndpointAuthMethod: 'client_secret_basic', tenancy: 'single', fedramp: false } as const;

/** POST /_sim/apps: `{tokenEndpointAuthMethod?, tenancy?, fedramp?}`, the form's defaults otherwise. */
export function registerApp(apps: Map<string, CxApp>, body: Record<string, unknown>): CxApp {
  const choice = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const value = body[key] ?? fallback;
    if (!allowed.includes(value as T)) throw new ControlError(`${key} must be one of ${allowed.join(', ')}`);
    return value as T;
  };
  if (body.fedramp !== undefined && typeof body.fedramp !== 'boolean') throw new ControlError('fedramp must be a boolean');
  const app: CxApp = {
    clientId: randomUUID(),
    clientSecret: randomBytes(32).toString('base64url'),
    tokenEndpointAuthMethod: choice(
      'tokenEndpointAuthMethod',
      ['client_secret_basic', 'client_secret_post'],
      REGISTRATION_DEFAULTS.tokenEndpointAuthMethod,
    ),
    tenancy: choice('tenancy', ['single', 'multi'], REGISTRATION_DEFAULTS.tenancy),
    fedramp: body.fedramp === true,
  };
  apps.set(app.clientId, app);
  return app;
}
