// The portal's frame: who is signed in, the navigation their roles allow,
// and which screen each address shows. Screens get the API client and the
// person from useApp; they never call fetch or read the token themselves.
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect } from 'preact/hooks';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter-preact';
import { useHashLocation } from 'wouter-preact/use-hash-location';
import type { Client } from './api';
import type { Person, Role } from './auth';
import type { Config } from './config';
import { screens, type Screen } from './screens';

/** AppContext is what every screen may use. */
export interface AppContext {
  cfg: Config;
  person: Person;
  client: Client;
  signOut: () => void;
}

const Ctx = createContext<AppContext | null>(null);

/** useApp is the signed-in person, the client and the settings. */
export function useApp(): AppContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useApp outside App');
  return ctx;
}

/** has reports whether the signed-in person holds any of roles. */
export function has(person: Person, ...roles: Role[]): boolean {
  return roles.some((r) => person.roles.includes(r));
}

/** homes is where each role starts; a person with several roles starts at their first. */
const homes: Record<Role, string> = { requester: '/budget', fulfiller: '/queue', finance: '/months', leadership: '/reports' };

function home(person: Person): string | undefined {
  return person.roles.length > 0 ? homes[person.roles[0]] : undefined;
}

/** App is the whole portal for one signed-in person. */
export function App(props: AppContext) {
  const mine = screens.filter((s) => s.nav && has(props.person, ...s.roles));
  return (
    <Ctx.Provider value={props}>
      <Router hook={useHashLocation}>
        <a class="skip" href="#main" onClick={skipToMain}>
          Skip to content
        </a>
        <header class="top">
          <div class="brand">IT services</div>
          <nav aria-label="Main">
            <ul>
              {mine.map((s) => (
                <li key={s.path}>
                  <NavLink href={s.path}>{s.nav}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div class="who">
            <span>
              {props.person.name}
              <small>
                {props.person.roles.join(', ') || 'no role'}
                {props.person.department ? ` · ${props.person.department}` : ''}
              </small>
            </span>
            <button type="button" class="link" onClick={props.signOut}>
              Sign out
            </button>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <Switch>
            <Route path="/">{home(props.person) ? <Redirect to={home(props.person)!} replace /> : <NoRole />}</Route>
            {screens.map((s) => (
              <Route key={s.path} path={s.path}>
                {(params) => <Guard screen={s} params={params} />}
              </Route>
            ))}
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </main>
      </Router>
    </Ctx.Provider>
  );
}

/** Guard shows a screen only to the roles it is for; the API stays the guard of the data. */
function Guard({ screen, params }: { screen: Screen; params: Record<string, string | undefined> }) {
  const { person } = useApp();
  useEffect(() => {
    document.title = `${screen.title} · IT services`;
  }, [screen.title]);
  if (!has(person, ...screen.roles)) return <NotFound />;
  const View = screen.view;
  return <View {...params} />;
}

function NavLink({ href, children }: { href: string; children: ComponentChildren }) {
  const [location] = useLocation();
  const current = location === href || location.startsWith(`${href}/`);
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** NotFound is what any address the person may not see shows: the same as one that does not exist. */
export function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>There is nothing here, or it belongs to another department.</p>
      <p>
        <Link href="/">Back to the start</Link>
      </p>
    </section>
  );
}

function NoRole() {
  return (
    <section>
      <h1>No role</h1>
      <p>Your sign-in carries none of the portal's roles (requester, fulfiller, finance, leadership). Ask IT to add you to a group.</p>
    </section>
  );
}

function skipToMain(e: Event) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}
