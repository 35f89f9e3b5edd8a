// TODO(portal): this screen is being built.
export function Reports() {
  return <section><h1>Reports</h1><p>Coming in this change.</p></section>;
}
