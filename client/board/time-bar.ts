/**
 * Live or replay: the board shows "now" by default and any earlier instant on demand (the derivation is pure, so
 * the past is just another argument). A slider over the incident's span, a "back to live" button, a REPLAY badge so
 * nobody mistakes the past for the present, and a notice once the incident's horizon is over.
 */
import { h, setText } from "../common/dom.ts";
import { formatFullTime, zoneLabel } from "../common/format.ts";
import { t } from "../common/i18n.ts";

const HOUR = 3_600_000;
const STEP = 5 * 60_000;

export interface TimeBar {
  /** header controls: slider, live button, replay badge */
  controls: HTMLElement;
  /** the after-horizon notice, placed under the header */
  banner: HTMLElement;
  /** the instant shown: live now, or the replayed one */
  shown(): number;
  isLive(): boolean;
  /** updates the controls for the live instant `liveMs` */
  render(liveMs: number): void;
}

export interface TimeBarOptions {
  zone: string;
  firstOutageMs: number;
  horizonMs: number;
  now(): number;
  /** `?at=` */
  initial: number | null;
  /** a replay incident: the slider ends at its scenario clock, since what lies after it has not been delivered yet */
  endsAtNow?: boolean;
  onChange(): void;
}

export function createTimeBar(o: TimeBarOptions): TimeBar {
  let viewMs = o.initial;
  // the end of the slider: now, but no later than shortly after the horizon (nothing changes after it)
  const end = (liveMs: number) => (o.endsAtNow ? liveMs : Math.min(Math.max(liveMs, o.horizonMs), o.horizonMs + 12 * HOUR));
  const set = (ms: number | null) => {
    const live = o.now();
    // the slider's last step is live: it must not freeze the board just short of now
    viewMs = ms === null || ms >= Math.min(live, end(live)) - STEP ? null : ms;
    o.onChange();
  };
  const slider = h("input", { type: "range", class: "time-slider", step: STEP, "aria-label": t("timeBar"), title: t("timeBar") });
  slider.addEventListener("input", () => set(Number(slider.value)));
  const live = h("button", { class: "chip live-button", onclick: () => set(null) });
  const badge = h("span", { class: "replay-badge" });
  const banner = h("div", { class: "board-banner", hidden: true });

  return {
    controls: h("span", { class: "timebar" }, slider, live, badge),
    banner,
    shown: () => viewMs ?? o.now(),
    isLive: () => viewMs === null,
    render(liveMs) {
      slider.min = String(o.firstOutageMs - 2 * HOUR);
      slider.max = String(end(liveMs));
      if (document.activeElement !== slider) slider.value = String(viewMs ?? end(liveMs));
      live.hidden = badge.hidden = viewMs === null;
      setText(live, t("backToLive"));
      setText(badge, t("replay"));
      const over = viewMs === null && liveMs > o.horizonMs;
      banner.hidden = !over;
      if (over) setText(banner, t("afterHorizon", { t: `${formatFullTime(o.horizonMs, o.zone).slice(0, 16)} ${zoneLabel(o.zone, o.horizonMs)}` }));
    },
  };
}
