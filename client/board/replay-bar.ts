/**
 * The replay bar, under the header of a replay incident's board: the scenario clock in the scenario's zone, pause and
 * resume, the speed (real time to ×10,000), a jump to any scenario time, and how many timeline events have reached
 * the event log. The controls ask the server (POST /api/incidents/:id/replay); what the bar shows always comes from
 * the clock the server sends back or broadcasts, so every board watching the replay agrees.
 *
 * For tests and other tools: `data-replay-clock` (the scenario time shown, ISO with offset), `data-replay-paused`
 * ("true" / "false"), `data-replay-speed`, `data-replay-delivered` and `data-replay-total` on the bar.
 */
import { isoInZone } from "../../shared/format-time.ts";
import type { ReplayClock } from "../../shared/wire.ts";
import type { ReplayChange } from "../common/api.ts";
import { h, setAttr, setText } from "../common/dom.ts";
import { lang, t } from "../common/i18n.ts";
import { formatReplayClock, fromLocalInput, toLocalInput, zoneName } from "./replay-format.ts";

/** The speeds offered: real time, ×10, a minute per second, ten minutes, an hour per second, and ×10,000. */
const REPLAY_SPEEDS = [1, 10, 60, 600, 3600, 10_000] as const;

export interface ReplayBarOptions {
  zone: string;
  /** viewers and crews watch; only a commander drives the clock */
  canCommand: boolean;
  /** sends a change to the server; the bar shows the clock the board then holds */
  control(change: ReplayChange): Promise<void>;
  /** #16: a refusal in the page's language (refusal-text.ts) */
  describe(error: unknown): string;
}

export interface ReplayBar {
  element: HTMLElement;
  /** shows `clock` reading `scenarioMs` */
  render(clock: ReplayClock, scenarioMs: number): void;
  relabel(): void;
}

export function createReplayBar(o: ReplayBarOptions): ReplayBar {
  let busy = false;
  let error = "";
  let last: { clock: ReplayClock; ms: number } | null = null;
  /** the jump field holds the user's own entry until it is used */
  let editing = false;

  const tag = h("span", { class: "replay-tag" });
  const time = h("span", { class: "replay-time" });
  const pause = h("button", { class: "chip replay-pause", "data-action": "replay-pause", onclick: () => {
    if (last) void send({ paused: !last.clock.paused });
  } });
  const speedLabel = h("span", { class: "muted" });
  const speed = h("select", { class: "replay-speed", "data-action": "replay-speed" });
  speed.addEventListener("change", () => void send({ speed: Number(speed.value) }));
  // #16: a text field in ISO order ("2021-07-20 19:00"), not datetime-local, which the browser shows in its own
  // locale's order (US month-first in an English browser) whatever the page's language
  const atInput = h("input", { type: "text", name: "replay-at", class: "replay-at", inputmode: "numeric", placeholder: "yyyy-mm-dd hh:mm", size: 16 });
  atInput.addEventListener("input", () => (editing = true));
  const jumpButton = h("button", { type: "submit", class: "chip", "data-action": "replay-jump" });
  const zoneTag = h("span", { class: "muted replay-zone" });
  const jump = h("form", { class: "replay-jump" }, atInput, zoneTag, jumpButton);
  // #16: the browser's own min/max check would drop a jump outside the replay without a word; the server's refusal,
  // in the page's language, says why
  jump.noValidate = true;
  jump.addEventListener("submit", (e) => {
    e.preventDefault();
    const ms = fromLocalInput(atInput.value, o.zone);
    if (ms === null) return show(t("replayBadTime"));
    // a refused jump keeps the entry, so it can be corrected
    void send({ at: isoInZone(ms, o.zone) }).then((ok) => (editing = !ok));
  });
  const meter = h("progress", { class: "replay-meter", max: 1, value: 0 });
  const count = h("span", { class: "replay-count" });
  const note = h("span", { class: "replay-note" });
  const problem = h("span", { class: "replay-error", role: "alert", hidden: true });
  const element = h("div", { class: "replay-bar" },
    tag, time, pause, h("label", { class: "replay-speed-box" }, speedLabel, speed), jump,
    h("span", { class: "replay-progress" }, meter, count), note, problem);

  function show(message: string): void {
    error = message;
    if (last) render(last.clock, last.ms);
  }

  /** true when the server took the change; a refusal is shown on the bar */
  async function send(change: ReplayChange): Promise<boolean> {
    busy = true;
    error = "";
    if (last) render(last.clock, last.ms);
    try {
      await o.control(change);
      return true;
    } catch (e) {
      error = o.describe(e);
      return false;
    } finally {
      busy = false;
      if (last) render(last.clock, last.ms);
    }
  }

  function fillSpeeds(current: number): void {
    const speeds: number[] = [...REPLAY_SPEEDS];
    // a speed set by another tool (the API takes any value from 1 to 10,000) is shown as it is
    if (!speeds.includes(current)) speeds.push(current);
    speeds.sort((a, b) => a - b);
    const values = speeds.map(String);
    const have = [...speed.options].map((x) => x.value);
    if (have.join() !== values.join()) speed.replaceChildren(...speeds.map((s) => h("option", { value: s }, `${s.toLocaleString("en-US")}×`)));
    if (document.activeElement !== speed) speed.value = String(current);
  }

  function render(clock: ReplayClock, ms: number): void {
    last = { clock, ms };
    const finished = ms >= Date.parse(clock.endsAt);
    setAttr(element, "data-replay-clock", isoInZone(ms, o.zone));
    setAttr(element, "data-replay-paused", String(clock.paused));
    setAttr(element, "data-replay-speed", String(clock.speed));
    setAttr(element, "data-replay-delivered", String(clock.delivered));
    setAttr(element, "data-replay-total", String(clock.total));
    element.classList.toggle("replay-paused", clock.paused);
    setText(tag, t("replayBadge"));
    setText(time, formatReplayClock(ms, o.zone, lang()));
    setAttr(time, "title", t("replayClock", { zone: o.zone }));
    setText(pause, clock.paused ? t("replayResume") : t("replayPause"));
    setText(speedLabel, t("replaySpeed"));
    fillSpeeds(clock.speed);
    setText(jumpButton, t("replayJump"));
    setAttr(atInput, "title", t("replayJumpTo", { zone: o.zone }));
    setAttr(atInput, "aria-label", t("replayJumpTo", { zone: o.zone }));
    if (!editing && document.activeElement !== atInput) atInput.value = toLocalInput(ms, o.zone);
    setText(zoneTag, zoneName(o.zone, ms, lang()));
    for (const control of [pause, speed, atInput, jumpButton]) control.disabled = busy || !o.canCommand;
    meter.max = Math.max(1, clock.total);
    meter.value = clock.delivered;
    setText(count, t("replayEvents", { n: clock.delivered, total: clock.total }));
    setAttr(count, "title", t("replayEventsTitle"));
    setText(note, finished ? t("replayFinished") : clock.paused ? t("replayPaused") : "");
    problem.hidden = error === "";
    setText(problem, error);
  }

  return {
    element,
    render,
    relabel() {
      if (last) render(last.clock, last.ms);
    },
  };
}
