/**
 * The token of a mailed link (`/reset-password#token=…`), read once when the page loads and then
 * taken out of the address bar: it stays in this module's memory only, so it is neither in the
 * browser's history nor lost when a signed-out visitor is sent through the sign-in form first.
 */
const captured: { path: string; token: string } | undefined = (() => {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (!token) return undefined;
  history.replaceState(null, '', location.pathname + location.search);
  return { path: location.pathname, token };
})();

/** The token the page at `path` was opened with, if any. */
export function linkToken(path: string): string | undefined {
  return captured?.path === path ? captured.token : undefined;
}

// A second link pasted into the same tab changes only the fragment, which loads nothing: load the
// page again so that its token is read as the first one was.
addEventListener('hashchange', () => {
  if (new URLSearchParams(location.hash.slice(1)).has('token')) location.reload();
});
