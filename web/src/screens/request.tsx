// TODO(portal): this screen is being built.
export function RequestPage() {
  return <section><h1>RequestPage</h1><p>Coming in this change.</p></section>;
}
