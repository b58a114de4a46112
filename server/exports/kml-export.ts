/**
 * The map export as KML 2.2 (#16 item 5) for Google Earth and the GIS tools a command post has: the features of
 * geojson-export.ts in three folders (compounds, trucks, routes), each a Placemark with a name, a description in
 * the export's language and its figures as ExtendedData. Written by hand: a KML document is a few fixed elements,
 * and what matters (escaping, UTF-8, lon,lat order) is tested here.
 */
import type { LineString, Point } from "geojson";
import type { CompoundStatus, TruckStatus } from "../../shared/state.ts";
import { escapeHtml as escapeXml } from "./html-page.ts";
import { exportFeatures, type CompoundFeatureProperties, type MapExportInput, type RouteFeatureProperties, type TruckFeatureProperties } from "./geojson-export.ts";
import { sharedWords, type ExportLang } from "./export-words.ts";
import { localTime } from "./export-time.ts";

const WORDS = {
  "zh-CN": {
    compounds: "小区与重点用户",
    trucks: "发电车",
    routes: "计划路线",
    outage: "停电时长",
    eta: "预计送电",
    households: "户数",
    priority: "优先级",
    provenance: "来源",
    capacity: "容量",
    leg: (truck: string, compound: string) => `${truck} → ${compound}`,
    depart: "出发",
    arrive: "到达",
  },
  en: {
    compounds: "Compounds and priority sites",
    trucks: "Generator trucks",
    routes: "Planned routes",
    outage: "outage",
    eta: "ETA",
    households: "households",
    priority: "priority",
    provenance: "provenance",
    capacity: "capacity",
    leg: (truck: string, compound: string) => `${truck} → ${compound}`,
    depart: "depart",
    arrive: "arrive",
  },
};

/** KML colours are aabbggrr */
const COMPOUND_COLOURS: Record<CompoundStatus, string> = { dark: "ff2020d0", partial: "ff20a0f0", generator: "ff30b030", grid: "ffb08030" };
const TRUCK_COLOURS: Record<TruckStatus, string> = { inbound: "ff909090", free: "ff30b030", "en-route": "ffd08020", "setting-up": "ff20a0f0", connected: "ff207020", broken: "ff2020d0" };

export interface KmlOptions {
  lang: ExportLang;
  /** the document's name, e.g. the incident's */
  title: string;
  timezone: string;
}

/**
 * @example
 * kmlExport(input, { lang: "zh-CN", title: "郑州 2021", timezone: "Asia/Shanghai" }); // '<?xml version="1.0" encoding="UTF-8"?><kml …'
 */
export function kmlExport(input: MapExportInput, options: KmlOptions): string {
  const words = WORDS[options.lang];
  const shared = sharedWords(options.lang);
  const compounds: string[] = [];
  const trucks: string[] = [];
  const routes: string[] = [];
  const names = new Map(input.current.compounds.map((c) => [c.id, c.name]));
  const truckNames = new Map(input.scenario.trucks.map((t) => [t.id, t.name]));
  const time = (iso: string | null) => (iso === null ? shared.none : localTime(Date.parse(iso), options.timezone));
  for (const f of exportFeatures(input).features) {
    const p = f.properties;
    if (p.layer === "compound") {
      const c = p as CompoundFeatureProperties;
      const description = `${shared.compoundStatus[c.status]} · ${words.outage} ${c.outageHours.toFixed(1)} h · ${words.eta} ${time(c.eta)} · ${words.households} ${c.households}`;
      compounds.push(placemark(c.name, description, `#compound-${c.status}`, c, pointXml(f.geometry as Point)));
    } else if (p.layer === "truck") {
      const t = p as TruckFeatureProperties;
      const description = `${shared.truckStatus[t.status]} · ${words.capacity} ${t.capacityKw} kW${t.compound ? ` · ${names.get(t.compound) ?? t.compound}` : ""}`;
      trucks.push(placemark(t.name, description, `#truck-${t.status}`, t, pointXml(f.geometry as Point)));
    } else {
      const r = p as RouteFeatureProperties;
      const name = words.leg(truckNames.get(r.truck) ?? r.truck, names.get(r.compound) ?? r.compound);
      const description = `${words.depart} ${time(r.depart)} · ${words.arrive} ${time(r.arrive)}`;
      routes.push(placemark(name, description, "#route", r, lineXml(f.geometry as LineString)));
    }
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    "<Document>",
    `<name>${escapeXml(options.title)}</name>`,
    ...styles(),
    folder(words.compounds, compounds),
    folder(words.trucks, trucks),
    folder(words.routes, routes),
    "</Document>",
    "</kml>",
    "",
  ].join("\n");
}

function styles(): string[] {
  const icon = (id: string, colour: string, scale: number) =>
    `<Style id="${id}"><IconStyle><color>${colour}</color><scale>${scale}</scale><Icon><href>http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href></Icon></IconStyle></Style>`;
  return [
    ...Object.entries(COMPOUND_COLOURS).map(([status, colour]) => icon(`compound-${status}`, colour, 1)),
    ...Object.entries(TRUCK_COLOURS).map(([status, colour]) => icon(`truck-${status}`, colour, 0.8)),
    '<Style id="route"><LineStyle><color>ffd08020</color><width>3</width></LineStyle></Style>',
  ];
}

function folder(name: string, placemarks: string[]): string {
  return `<Folder><name>${escapeXml(name)}</name>\n${placemarks.join("\n")}\n</Folder>`;
}

function placemark(name: string, description: string, style: string, data: object, geometry: string): string {
  const extended = Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `<Data name="${escapeXml(k)}"><value>${escapeXml(String(v))}</value></Data>`)
    .join("");
  return `<Placemark><name>${escapeXml(name)}</name><description>${escapeXml(description)}</description><styleUrl>${style}</styleUrl><ExtendedData>${extended}</ExtendedData>${geometry}</Placemark>`;
}

/** KML writes lon,lat[,alt] tuples separated by spaces */
function pointXml(g: Point): string {
  return `<Point><coordinates>${g.coordinates[0]},${g.coordinates[1]}</coordinates></Point>`;
}

function lineXml(g: LineString): string {
  return `<LineString><tessellate>1</tessellate><coordinates>${g.coordinates.map((p) => `${p[0]},${p[1]}`).join(" ")}</coordinates></LineString>`;
}
