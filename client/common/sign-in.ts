/**
 * Asks for a token once (then it is remembered on the device): a small form, no account system.
 */
import { h, replaceChildren } from "./dom.ts";
import { t, type MessageKey } from "./i18n.ts";
import { readToken, saveToken, type TokenSlot } from "./token-store.ts";

/** The remembered (or `?token=`) token, else what the user types into the form shown in `container`. */
export function obtainToken(container: HTMLElement, slot: TokenSlot, prompt: MessageKey, error?: string): Promise<string> {
  const known = error ? null : readToken(slot);
  if (known) return Promise.resolve(known);
  return new Promise((resolve) => {
    const input = h("input", { type: "password", name: "token", autocomplete: "current-password", placeholder: t("token"), required: true, autofocus: true });
    const form = h("form", {
      class: "sign-in",
      onsubmit: (e: Event) => {
        e.preventDefault();
        const token = input.value.trim();
        if (!token) return;
        saveToken(slot, token);
        resolve(token);
      },
    },
    h("h1", {}, t("appName")),
    h("label", {}, t(prompt), input),
    error ? h("div", { class: "error", role: "alert" }, error) : null,
    h("button", { class: "primary", type: "submit" }, t("signIn")));
    replaceChildren(container, form);
    input.focus();
  });
}
