// TODO(portal): this screen is being built.
export function Adjustment() {
  return <section><h1>Adjustment</h1><p>Coming in this change.</p></section>;
}
