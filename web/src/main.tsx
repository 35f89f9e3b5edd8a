// The portal starts here: read the settings, finish a sign-in that just
// happened, and show the portal to the signed-in person or send them to
// sign in.
import { render } from 'preact';
import { Client, loadConfig } from './api';
import { App } from './app';
import { completeSignIn, currentPerson, forgetToken, signIn, signOut } from './auth';
import type { Config } from './config';
import { setOrg } from './format';
import './styles.css';

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  root.textContent = '';
  let cfg: Config;
  try {
    cfg = await loadConfig();
  } catch {
    render(<p class="problem" role="alert">The portal could not load its settings. Reload the page to try again.</p>, root);
    return;
  }
  setOrg(cfg.time_zone, cfg.currency, cfg.fiscal_year_start);
  const refused = await completeSignIn(cfg);
  const person = currentPerson(cfg);
  if (refused || !person) {
    if (refused) render(<SignedOut cfg={cfg} why={`Sign-in did not complete: ${refused}`} />, root);
    else await signIn(cfg);
    return;
  }
  const client = new Client(
    () => currentPerson(cfg)?.token ?? null,
    () => {
      // The API refused the token (expired, or revoked): sign in again.
      forgetToken();
      void signIn(cfg);
    },
  );
  const out = async () => {
    if (!(await signOut(cfg))) render(<SignedOut cfg={cfg} why="You have signed out of the portal." />, root);
  };
  render(<App cfg={cfg} person={person} client={client} signOut={() => void out()} />, root);
}

/** SignedOut says why nobody is signed in, and offers to sign in again. */
function SignedOut({ cfg, why }: { cfg: Config; why: string }) {
  return (
    <main id="main" class="signed-out">
      <h1>IT services</h1>
      <p role="status">{why}</p>
      <button type="button" onClick={() => void signIn(cfg)}>
        Sign in
      </button>
    </main>
  );
}

void start();
