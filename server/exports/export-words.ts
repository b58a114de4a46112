/**
 * The words the exports share in both languages (#16 items 5 and 6): compound and truck statuses, event types,
 * provenance. Each export file keeps its own headings beside it; place names stay as the scenario writes them.
 */
import type { EventType } from "../../shared/events.ts";
import type { Provenance } from "../../shared/compound.ts";
import type { CompoundStatus, TruckStatus } from "../../shared/state.ts";

/** The export's `lang` option: zh-CN (the default) or en. */
export type ExportLang = "zh-CN" | "en";
export const EXPORT_LANGS = ["zh-CN", "en"] as const satisfies readonly ExportLang[];

interface SharedWords {
  compoundStatus: Record<CompoundStatus, string>;
  truckStatus: Record<TruckStatus, string>;
  eventType: Record<EventType, string>;
  provenance: Record<Provenance, string>;
  none: string;
}

const WORDS: Record<ExportLang, SharedWords> = {
  "zh-CN": {
    compoundStatus: { dark: "停电", partial: "部分供电", generator: "发电车供电", grid: "电网供电" },
    truckStatus: { inbound: "在途待命", free: "空闲", "en-route": "前往中", "setting-up": "接入中", connected: "供电中", broken: "故障" },
    eventType: {
      "truck.dispatched": "派往",
      "truck.arrived": "到达",
      "cable.laid": "电缆敷设完成",
      "switched.on": "合闸送电",
      "truck.released": "撤离",
      "truck.broken": "故障",
      "grid.restored": "电网恢复",
      "substation.restored": "变电站恢复",
      "road.closed": "道路封闭",
      "road.opened": "道路开放",
      "compound.reported": "新报停电小区",
    },
    provenance: { sourced: "有出处", assumed: "假设", synthetic: "合成" },
    none: "—",
  },
  en: {
    compoundStatus: { dark: "dark", partial: "partly supplied", generator: "on generator", grid: "on grid" },
    truckStatus: { inbound: "inbound", free: "free", "en-route": "en route", "setting-up": "setting up", connected: "connected", broken: "broken" },
    eventType: {
      "truck.dispatched": "dispatched to",
      "truck.arrived": "arrived at",
      "cable.laid": "cable laid at",
      "switched.on": "switched on at",
      "truck.released": "released from",
      "truck.broken": "broke down",
      "grid.restored": "grid restored at",
      "substation.restored": "substation restored",
      "road.closed": "road closed",
      "road.opened": "road opened",
      "compound.reported": "dark compound reported",
    },
    provenance: { sourced: "sourced", assumed: "assumed", synthetic: "synthetic" },
    none: "—",
  },
};

export function sharedWords(lang: ExportLang): SharedWords {
  return WORDS[lang];
}

/** "1,234" / "1,234.5": grouped digits as both locales write them, at most `digits` decimals. */
export function formatNumber(n: number, lang: ExportLang, digits = 0): string {
  return n.toLocaleString(lang === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** "42.0 %": a 0..1 share as a percentage, one decimal. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
