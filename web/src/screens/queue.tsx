// TODO(portal): this screen is being built.
export function Queue() {
  return <section><h1>Queue</h1><p>Coming in this change.</p></section>;
}
