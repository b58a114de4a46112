/**
 * The board and the crew app ask for a token once and remember it on the device (localStorage);
 * `?token=<token>` in the address signs in directly (and is then removed from the address bar).
 */
/** Which remembered token: the board's (any role) or the crew app's, kept apart so one phone or laptop can hold both. */
export type TokenSlot = "board" | "crew";

const KEYS: Record<TokenSlot, string> = { board: "lianxin.token", crew: "lianxin.crew.token" };

/** The token from `?token=`, else the remembered one, else null. */
export function readToken(slot: TokenSlot): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    saveToken(slot, fromUrl);
    url.searchParams.delete("token");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return localStorage.getItem(KEYS[slot]);
}

export function saveToken(slot: TokenSlot, token: string): void {
  localStorage.setItem(KEYS[slot], token.trim());
}

export function forgetToken(slot: TokenSlot): void {
  localStorage.removeItem(KEYS[slot]);
}
