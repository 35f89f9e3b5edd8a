// Who is signed in. The token lives in sessionStorage (never
// localStorage): it is gone when the tab closes, and signing out forgets
// it. Locally the sign-in page hands it over in the address's fragment;
// in AWS an OpenID Connect provider does, through oidc-client-ts
// (authorization code with PKCE).
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { Config } from './config';

export type Role = 'requester' | 'fulfiller' | 'finance' | 'leadership';
export const roles: Role[] = ['requester', 'fulfiller', 'finance', 'leadership'];

/** Person is the signed-in caller as the token's claims describe them. */
export interface Person {
  subject: string;
  name: string;
  roles: Role[];
  department?: string;
  token: string;
}

const tokenKey = 'chargeback.token';

let manager: UserManager | undefined;
function oidc(cfg: Config): UserManager | undefined {
  if (cfg.auth.mode !== 'oidc') return undefined;
  manager ??= new UserManager({
    authority: cfg.auth.authority,
    client_id: cfg.auth.client_id,
    redirect_uri: cfg.auth.redirect_uri,
    scope: cfg.auth.scope,
    response_type: 'code',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  return manager;
}

/**
 * completeSignIn takes a token handed over by a sign-in that just
 * finished: "#token=…" from the local sign-in page, or "?code=…" from the
 * OpenID Connect provider. It clears it from the address either way, and
 * returns why when the provider refused or the answer could not be used.
 */
export async function completeSignIn(cfg: Config): Promise<string | undefined> {
  const hash = new URLSearchParams(location.hash.slice(1));
  const local = hash.get('token');
  if (local && cfg.auth.mode === 'local') {
    sessionStorage.setItem(tokenKey, local);
    history.replaceState(null, '', '/#/');
    return;
  }
  const query = new URLSearchParams(location.search);
  const m = oidc(cfg);
  if (m && query.has('error')) {
    // The provider refused (say, a person not assigned to the portal):
    // say so instead of sending them straight back into a loop.
    history.replaceState(null, '', '/#/');
    return query.get('error_description') || query.get('error') || 'sign-in was refused';
  }
  if (m && query.has('code') && query.has('state')) {
    try {
      const user = await m.signinRedirectCallback();
      // The ID token carries the groups and department claims the API's
      // authorizer reads (its audience is this client).
      if (user.id_token) sessionStorage.setItem(tokenKey, user.id_token);
    } catch (e) {
      history.replaceState(null, '', '/#/');
      return e instanceof Error ? e.message : String(e);
    }
    history.replaceState(null, '', '/#/');
  }
  return undefined;
}

/** signIn sends the browser to the sign-in page or the provider. */
export async function signIn(cfg: Config): Promise<void> {
  const m = oidc(cfg);
  if (m) return m.signinRedirect();
  if (cfg.auth.mode === 'local') location.assign(cfg.auth.signin_url);
}

/**
 * signOut forgets the token. Locally it goes back to the sign-in page. With
 * a provider it also ends the provider's session when the provider offers
 * that (end_session_endpoint); otherwise it returns false and the portal
 * says it has signed out, rather than signing straight back in with the
 * provider's session on a shared workstation.
 */
export async function signOut(cfg: Config): Promise<boolean> {
  sessionStorage.removeItem(tokenKey);
  const m = oidc(cfg);
  if (!m) {
    await signIn(cfg);
    return true;
  }
  await m.removeUser();
  try {
    await m.signoutRedirect({ post_logout_redirect_uri: cfg.auth.mode === 'oidc' ? cfg.auth.redirect_uri : undefined });
    return true;
  } catch {
    return false;
  }
}

/** currentPerson is who the stored token says is signed in, or null when none is or it has expired. */
export function currentPerson(cfg: Config): Person | null {
  const token = sessionStorage.getItem(tokenKey);
  if (!token) return null;
  const claims = decodeClaims(token);
  if (!claims || typeof claims.sub !== 'string') return null;
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
    sessionStorage.removeItem(tokenKey);
    return null;
  }
  const granted = new Set<Role>();
  for (const group of listClaim(claims[cfg.claims.groups])) {
    const role = cfg.claims.role_groups[group];
    if (roles.includes(role as Role)) granted.add(role as Role);
  }
  const dept = claims[cfg.claims.department];
  const name = typeof claims.name === 'string' ? claims.name : typeof claims.email === 'string' ? claims.email : claims.sub;
  return {
    subject: claims.sub,
    name,
    roles: roles.filter((r) => granted.has(r)),
    department: typeof dept === 'string' && dept !== '' ? dept : undefined,
    token,
  };
}

/** forgetToken drops a token the API refused (401). */
export function forgetToken(): void {
  sessionStorage.removeItem(tokenKey);
}

function decodeClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** listClaim reads a groups claim: a JSON array, or a string in API Gateway's "[a b]" form. */
function listClaim(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v !== 'string' || v.trim() === '') return [];
  const s = v.trim();
  if (s.startsWith('[') && s.endsWith(']')) return s.slice(1, -1).split(' ').filter(Boolean);
  return [s];
}
