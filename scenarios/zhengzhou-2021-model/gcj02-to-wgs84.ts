/**
 * GCJ-02 → WGS84, the standard published approximation.
 *
 * Chinese map services (and so the 2014 bus app the road data comes from) store coordinates in GCJ-02, an obfuscated
 * datum offset from WGS84 by a few hundred metres in Zhengzhou. The forward WGS84→GCJ-02 formula below is the widely
 * reproduced one (Krasovsky 1940 ellipsoid a = 6378245, ee = 0.00669342162296594323; as in the MIT-licensed
 * googollee/eviltransform and wandergis/coordtransform). It has no closed-form inverse, so we invert it by fixed-point
 * iteration, which converges to well under a centimetre in a few steps.
 *
 * Hand-written rather than a dependency because it is ~30 lines, used only by this build script, and the project
 * rule is not to add packages for what a few lines do.
 *
 * @example
 * convertGcj02ToWgs84([113.6500, 34.7500]) // ≈ [113.6439, 34.7512] (about 560 m west, 130 m north)
 */
import type { LonLat } from "../../shared/scenario.ts";

const A = 6378245.0;
// Published as 0.00669342162296594323; written here as the double it rounds to.
const EE = 0.006693421622965943;

function shiftLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function shiftLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** The forward offset GCJ-02 − WGS84 at a WGS84 point, in degrees. */
function offsetAt([lon, lat]: LonLat): LonLat {
  const radLat = (lat / 180.0) * Math.PI;
  const s = Math.sin(radLat);
  const magic = 1 - EE * s * s;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(lon - 105.0, lat - 35.0) * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (shiftLon(lon - 105.0, lat - 35.0) * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [dLon, dLat];
}

/** Converts a GCJ-02 [lon, lat] to WGS84 (inverse of the standard forward formula, by iteration). */
export function convertGcj02ToWgs84(gcj: LonLat): LonLat {
  let wgs: LonLat = [gcj[0], gcj[1]];
  for (let i = 0; i < 6; i++) {
    const [dLon, dLat] = offsetAt(wgs);
    wgs = [gcj[0] - dLon, gcj[1] - dLat];
  }
  return wgs;
}

/** WGS84 → GCJ-02 (the forward formula); exported so the inverse can be tested against it. */
export function convertWgs84ToGcj02(wgs: LonLat): LonLat {
  const [dLon, dLat] = offsetAt(wgs);
  return [wgs[0] + dLon, wgs[1] + dLat];
}
