// The portal's settings, served by the web function from its environment
// at /config.json (locally by the local server); api.ts's loadConfig reads
// them.

/** How people sign in: the local server's sign-in page, or an OpenID Connect provider. */
export type AuthConfig =
  | { mode: 'local'; signin_url: string }
  | { mode: 'oidc'; authority: string; client_id: string; redirect_uri: string; scope: string };

/** Config is /config.json. */
export interface Config {
  auth: AuthConfig;
  /** Which token claims carry the groups and the department, and which group grants which role. */
  claims: { groups: string; department: string; role_groups: Record<string, string> };
  currency: string;
  /** The org's IANA time zone: dates are shown in it. */
  time_zone: string;
  /** The month (1 to 12) the org's fiscal year begins in; budget years are named by it. */
  fiscal_year_start: number;
}
