// Saving a file the API answered (CSV, SVG): the browser cannot follow a
// plain link because the API needs the token, so the client fetches it and
// this hands it to the browser's download.
import type { Download } from '../api';

/** save offers a downloaded file to the person under its server-given name. */
export function save(d: Download): void {
  const url = URL.createObjectURL(d.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = d.filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
