// The portal starts here: read the settings, finish a sign-in that just
// happened, and show the portal to the signed-in person or send them to
// sign in.
import { render } from 'preact';
import { Client } from './api';
import { App } from './app';
import { completeSignIn, currentPerson, forgetToken, signIn, signOut } from './auth';
import { loadConfig, type Config } from './config';
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
  setOrg(cfg.time_zone, cfg.currency);
  await completeSignIn(cfg);
  const person = currentPerson(cfg);
  if (!person) {
    await signIn(cfg);
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
  render(<App cfg={cfg} person={person} client={client} signOut={() => void signOut(cfg)} />, root);
}

void start();
