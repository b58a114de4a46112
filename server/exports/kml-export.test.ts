import { expect } from "chai";
import { kmlExport } from "./kml-export.ts";
import { tinyExport } from "./tiny-export.fixture.ts";

describe("kmlExport", () => {
  const zh = () => kmlExport(tinyExport().map, { lang: "zh-CN", title: "Tiny & <test>", timezone: "Asia/Shanghai" });

  it("is a KML 2.2 document with three folders: 2 compound, 2 truck and 1 route placemarks", () => {
    const kml = zh();
    expect(kml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">')).to.equal(true);
    expect(kml.match(/<Folder>/g)).to.have.length(3);
    expect(kml.match(/<Placemark>/g)).to.have.length(5);
    expect(kml.match(/<Point>/g)).to.have.length(4);
    expect(kml.match(/<LineString>/g)).to.have.length(1);
  });

  it("escapes names (ampersand, angle brackets) and keeps Chinese as UTF-8 text", () => {
    const kml = zh();
    expect(kml).to.include("<name>Tiny &amp; &lt;test&gt;</name>");
    expect(kml).to.include("<name>金成中苑 A &amp; &lt;Sons&gt;</name>");
    // no raw markup from a name anywhere
    expect(kml).not.to.include("<Sons>");
  });

  it("writes positions lon,lat and the route along its road vertices", () => {
    const kml = zh();
    expect(kml).to.include("<Point><coordinates>113.61,34.7</coordinates></Point>");
    expect(kml).to.include("<coordinates>113.6,34.7 113.65,34.7 113.69,34.7</coordinates>");
  });

  it("describes each placemark in the export's language with the zone named", () => {
    // B: dark 6 h at 06:00, ETA 21 Jul 01:30 CST
    expect(zh()).to.include("<description>停电 · 停电时长 6.0 h · 预计送电 2021-07-21 01:30 CST (UTC+08:00) · 户数 50</description>");
    const en = kmlExport(tinyExport().map, { lang: "en", title: "Tiny", timezone: "Asia/Shanghai" });
    expect(en).to.include("<description>dark · outage 6.0 h · ETA 2021-07-21 01:30 CST (UTC+08:00) · households 50</description>");
    expect(en).to.include("<name>Planned routes</name>");
  });

  it("keeps each feature's figures as ExtendedData, ISO times with the offset", () => {
    expect(zh()).to.include('<Data name="eta"><value>2021-07-21T01:30:00+08:00</value></Data>');
    expect(zh()).to.include('<Data name="status"><value>connected</value></Data>');
  });
});
