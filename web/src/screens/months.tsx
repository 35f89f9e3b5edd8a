// TODO(portal): this screen is being built.
export function Months() {
  return <section><h1>Months</h1><p>Coming in this change.</p></section>;
}
