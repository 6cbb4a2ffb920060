// Where the page keeps the bearer token: sessionStorage, so it survives a
// reload but not closing the tab, and is never sent anywhere except in the
// Authorization header of same-origin API calls. Any script on the page can
// read it (true of every storage a fetch client can use), so the page loads no
// third-party scripts.
export const TOKEN_STORAGE_KEY = 'time-tracking.token';

type Listener = () => void;
const listeners = new Set<Listener>();

function storage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    // Storage can be disabled (privacy settings); then the token lives in memory only.
    return undefined;
  }
}

let memoryToken: string | null = null;

export const tokenStore = {
  get(): string | null {
    return storage()?.getItem(TOKEN_STORAGE_KEY) ?? memoryToken;
  },
  set(token: string) {
    memoryToken = token;
    try {
      storage()?.setItem(TOKEN_STORAGE_KEY, token);
    } catch {}
    for (const listener of listeners) listener();
  },
  clear() {
    memoryToken = null;
    storage()?.removeItem(TOKEN_STORAGE_KEY);
    for (const listener of listeners) listener();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
