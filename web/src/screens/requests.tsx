// TODO(portal): this screen is being built.
export function Requests() {
  return <section><h1>Requests</h1><p>Coming in this change.</p></section>;
}
