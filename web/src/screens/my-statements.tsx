// TODO(portal): this screen is being built.
export function MyStatements() {
  return <section><h1>MyStatements</h1><p>Coming in this change.</p></section>;
}
