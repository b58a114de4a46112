/**
 * `/`: the list of incidents, after asking for a token once.
 */
import { ApiError, createApi } from "./common/api.ts";
import { byId, h, replaceChildren } from "./common/dom.ts";
import { formatTime } from "./common/format.ts";
import { chooseLang, setLang, t } from "./common/i18n.ts";
import { obtainToken } from "./common/sign-in.ts";
import { forgetToken } from "./common/token-store.ts";

async function main(error?: string): Promise<void> {
  const root = byId("app");
  setLang(chooseLang(null));
  const token = await obtainToken(root, "board", "tokenPrompt", error);
  const api = createApi(token);
  let incidents;
  try {
    incidents = await api.incidents();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      forgetToken("board");
      return main(t("badToken"));
    }
    replaceChildren(root, h("div", { class: "error" }, e instanceof Error ? e.message : String(e)));
    return;
  }
  replaceChildren(root,
    h("header", { class: "topbar" },
      h("span", { class: "brand" }, t("appName")),
      h("span", { class: "spacer" }),
      h("a", { href: "/crew", class: "chip" }, t("crewTitle")),
      h("button", { class: "chip", onclick: () => { forgetToken("board"); location.reload(); } }, t("signOut"))),
    h("main", { class: "incident-list" },
      h("h2", {}, t("incidents")),
      incidents.length === 0 ? h("p", { class: "muted" }, t("noIncidents")) : h("ul", {},
        ...incidents.map((i) => h("li", {},
          h("a", { href: `/incidents/${encodeURIComponent(i.id)}`, "data-incident-id": i.id }, i.name),
          h("span", { class: "muted" }, ` · ${t("compoundsN", { n: i.compounds })} · ${t("trucksN", { n: i.trucks })} · ${i.timezone} · ${formatTime(i.createdAt, i.timezone)}`))))));
}

void main();
