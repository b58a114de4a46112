/**
 * Crew tokens from the board (#13 item 3): a commander makes a token for a crew and the trucks it drives, hands it
 * over as a link and its QR code (shown once: the server keeps only the secret's hash), and revokes it when the
 * crew leaves or loses its phone. A drawer over the board, opened from the top bar: tokens are made a few times a
 * day, the map and the lists must not shrink for it.
 *
 * The board builds it for commander tokens only. For tests and other tools: `data-token-panel` on the drawer,
 * `data-token-id` and `data-revoked` (true | false) on each listed token, `data-crew-link` on the link made (its
 * text and href are the link), `data-qr` on the QR image.
 */
import type { Scenario } from "../../shared/scenario.ts";
import type { CreatedToken, NewTokenRequest, TokenInfo } from "../../shared/wire.ts";
import { ApiError } from "../common/api.ts";
import { h, replaceChildren, setAttr, setText } from "../common/dom.ts";
import { formatTime, zoneLabel } from "../common/format.ts";
import { t, tk } from "../common/i18n.ts";
import { crewLink, qrDataUrl } from "./crew-link.ts";
import { describeTokenError } from "./token-error.ts";
import { createTruckChooser } from "./truck-chooser.ts";

export interface TokenActions {
  list(): Promise<TokenInfo[]>;
  create(request: NewTokenRequest): Promise<CreatedToken>;
  revoke(id: string): Promise<TokenInfo>;
}

export interface TokenPanel {
  element: HTMLElement;
  toggle(): void;
  relabel(): void;
}

/** a revoke button waits this long for its confirming second click */
const CONFIRM_MS = 5_000;

export function createTokenPanel(scenario: Scenario, incident: string, actions: TokenActions, origin: string): TokenPanel {
  const zone = scenario.timezone;
  const tokens = new Map<string, { info: TokenInfo; row: HTMLLIElement }>();
  let armed: { id: string; timer: ReturnType<typeof setTimeout> } | null = null;
  let loaded = false;
  let created: { token: TokenInfo; link: string; qr: string } | null = null;

  const title = h("h3");
  const close = h("button", { class: "chip", type: "button", "data-action": "close-tokens", onclick: () => toggle(false) });
  const formTitle = h("h4");
  const nameLabel = h("span");
  const name = h("input", { name: "crew-name", required: true, maxlength: 200, autocomplete: "off" });
  const trucks = createTruckChooser(scenario);
  const formError = h("div", { class: "error", role: "alert", hidden: true });
  const submit = h("button", { class: "primary", type: "submit", "data-action": "create-token" });
  const form = h("form", { class: "token-form", onsubmit: (e: Event) => { e.preventDefault(); void create(); } },
    formTitle, h("label", { class: "token-name" }, nameLabel, name), trucks.element, formError, submit);
  const createdBox = h("div", { class: "token-created", hidden: true });
  const listTitle = h("h4");
  const refresh = h("button", { class: "chip", type: "button", "data-action": "refresh-tokens", onclick: () => void load() });
  const listError = h("div", { class: "error", role: "alert", hidden: true });
  const list = h("ol", { class: "token-list" });
  const element = h("section", { class: "token-drawer", "data-token-panel": "", hidden: true },
    h("header", { class: "token-head" }, title, h("span", { class: "spacer" }), close),
    h("div", { class: "token-body scroll" }, createdBox, form, h("div", { class: "token-list-head" }, listTitle, refresh), listError, list));

  /** an error is kept as how to say it, so a language switch re-says it; the server's own words go in the title */
  const errors = new Map<HTMLElement, () => string>();
  function showError(box: HTMLElement, say: (() => string) | null, serverSays = ""): void {
    if (say) errors.set(box, say);
    else errors.delete(box);
    box.hidden = say === null;
    setText(box, say?.() ?? "");
    setAttr(box, "title", serverSays);
  }
  const serverWords = (e: unknown) => (e instanceof ApiError ? e.message : "");

  async function load(): Promise<void> {
    loaded = true;
    setText(listTitle, t("tokenLoading"));
    try {
      for (const info of await actions.list()) upsert(info);
      showError(listError, null);
    } catch (e) {
      showError(listError, () => t("tokenErrList", { e: describeTokenError(e) }), serverWords(e));
    }
    relabelList();
  }

  async function create(): Promise<void> {
    const request: NewTokenRequest = { role: "crew", name: name.value.trim(), incident, trucks: trucks.chosen() };
    if (request.name === "") return showError(formError, () => t("tokenErrName"));
    if (request.trucks!.length === 0) return showError(formError, () => t("tokenErrNoTrucks"));
    submit.disabled = true;
    setText(submit, t("tokenCreating"));
    try {
      const answer = await actions.create(request);
      const link = crewLink(origin, incident, answer.secret);
      created = { token: answer.token, link, qr: await qrDataUrl(link) };
      upsert(answer.token);
      name.value = "";
      trucks.clear();
      showError(formError, null);
      renderCreated();
      relabelList();
      createdBox.scrollIntoView({ block: "nearest" });
    } catch (e) {
      showError(formError, () => t("tokenErrCreate", { e: describeTokenError(e, request.trucks) }), serverWords(e));
    } finally {
      submit.disabled = false;
      setText(submit, t("tokenCreate"));
    }
  }

  async function revoke(id: string): Promise<void> {
    disarm();
    try {
      upsert(await actions.revoke(id));
      showError(listError, null);
    } catch (e) {
      showError(listError, () => t("tokenErrRevoke", { e: describeTokenError(e) }), serverWords(e));
    }
    relabelList();
  }

  /** the first click arms the row's button, a second within CONFIRM_MS revokes: a crew cut off by a slip is costly */
  function arm(id: string): void {
    disarm();
    armed = { id, timer: setTimeout(() => { disarm(); relabelList(); }, CONFIRM_MS) };
    renderRow(tokens.get(id)!);
  }

  function disarm(): void {
    if (!armed) return;
    clearTimeout(armed.timer);
    const was = tokens.get(armed.id);
    armed = null;
    if (was) renderRow(was);
  }

  function upsert(info: TokenInfo): void {
    const known = tokens.get(info.id);
    const entry = known ?? { info, row: h("li", { class: "token-item", "data-token-id": info.id }) };
    entry.info = info;
    tokens.set(info.id, entry);
    renderRow(entry);
  }

  function renderRow({ info, row }: { info: TokenInfo; row: HTMLLIElement }): void {
    const revoked = info.revokedAt !== undefined;
    setAttr(row, "data-revoked", String(revoked));
    row.classList.toggle("token-revoked", revoked);
    const confirming = armed?.id === info.id;
    replaceChildren(row,
      h("div", { class: "token-line" },
        h("b", { class: "token-name-text" }, info.name),
        h("span", { class: "token-role" }, tk("role_" + info.role)),
        h("span", { class: "spacer" }),
        revoked ? null : h("button", {
          type: "button", class: confirming ? "danger" : "", title: t("tokenRevokeHint"),
          "data-action": confirming ? "confirm-revoke" : "revoke-token",
          onclick: () => (confirming ? void revoke(info.id) : arm(info.id)),
        }, t(confirming ? "tokenRevokeConfirm" : "tokenRevoke"))),
      info.trucks.length > 0 ? h("div", { class: "token-trucks-text" }, info.trucks.join(", ")) : null,
      h("div", { class: "sub" },
        t("tokenCreatedAt", { t: when(info.createdAt) }), " · ",
        h("span", { class: revoked ? "bad" : "good" }, revoked ? t("tokenRevokedAt", { t: when(info.revokedAt!) }) : t("tokenActive"))));
  }

  const when = (iso: string) => `${formatTime(iso, zone)} ${zoneLabel(zone, Date.parse(iso))}`;

  /** newest first; the count, and which trucks already have a crew's active token */
  function relabelList(): void {
    const sorted = [...tokens.values()].sort((a, b) => Date.parse(b.info.createdAt) - Date.parse(a.info.createdAt));
    replaceChildren(list, ...(sorted.length > 0 ? sorted.map((e) => e.row) : [h("li", { class: "muted" }, loaded ? t("tokenListEmpty") : t("tokenLoading"))]));
    setText(listTitle, t("tokenList", { n: sorted.length }));
    const held = new Map<string, string[]>();
    for (const { info } of sorted) {
      if (info.revokedAt !== undefined || info.role !== "crew") continue;
      for (const truck of info.trucks) held.set(truck, [...(held.get(truck) ?? []), info.name]);
    }
    trucks.showHeld(held);
  }

  function renderCreated(): void {
    createdBox.hidden = created === null;
    if (!created) return replaceChildren(createdBox);
    const { token, link, qr } = created;
    const copied = h("span", { class: "muted" });
    const anchor = h("a", { "data-crew-link": "", href: link, target: "_blank", rel: "noopener noreferrer", class: "token-link" }, link);
    replaceChildren(createdBox,
      h("div", { class: "token-created-title" }, t("tokenCreated", { name: token.name, trucks: token.trucks.join(", ") })),
      h("p", { class: "token-once" }, t("tokenOnce")),
      h("img", { "data-qr": "", src: qr, alt: t("tokenQrAlt"), class: "token-qr" }),
      anchor,
      h("div", { class: "plan-buttons" },
        h("button", { type: "button", "data-action": "copy-link", onclick: () => void copy(link, anchor, copied) }, t("tokenCopy")),
        h("button", { type: "button", "data-action": "token-done", onclick: () => { created = null; renderCreated(); } }, t("tokenDone")),
        copied));
  }

  async function copy(link: string, anchor: HTMLElement, note: HTMLElement): Promise<void> {
    try {
      await navigator.clipboard.writeText(link);
      setText(note, t("tokenCopied"));
    } catch {
      // plain http to a LAN address is no secure context: no clipboard API, so select it for Ctrl+C
      getSelection()?.selectAllChildren(anchor);
      setText(note, t("tokenCopyManual"));
    }
  }

  function toggle(open = element.hidden): void {
    element.hidden = !open;
    if (!open) return;
    if (!loaded) void load();
    name.focus();
  }

  function relabel(): void {
    setText(title, t("tokensButton"));
    setText(close, t("tokensClose"));
    setText(formTitle, t("tokenNew"));
    setText(nameLabel, t("tokenCrewName"));
    name.placeholder = t("tokenCrewNamePlaceholder");
    setText(submit, t("tokenCreate"));
    setText(refresh, t("tokenRefresh"));
    trucks.relabel();
    for (const [box, say] of errors) setText(box, say());
    for (const entry of tokens.values()) renderRow(entry);
    renderCreated();
    relabelList();
  }

  element.addEventListener("keydown", (e) => {
    if (e.key === "Escape") toggle(false);
  });
  relabel();
  return { element, toggle: () => toggle(), relabel };
}
