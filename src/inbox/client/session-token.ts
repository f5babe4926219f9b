// A token agent's token, kept in sessionStorage only: it lives as long as the tab, never in localStorage or the
// URL. Storage can be switched off (private modes, policies): the page then keeps the token in memory only.

export function readToken(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

export function storeToken(key: string, token: string): void {
  try {
    sessionStorage.setItem(key, token);
  } catch {
    // kept in memory for this page only
  }
}

export function forgetToken(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // nothing was stored
  }
}
