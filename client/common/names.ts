/**
 * Scenario names are often bilingual ("橡树玫瑰城 Xiangshu Meiguicheng (Oak Rose City)"): show the part in the
 * page's language first and keep the other for a second line, so a narrow column stays one line per compound.
 */
import { lang } from "./i18n.ts";

const BILINGUAL = /^(.*?[\u3400-\u9fff][^A-Za-z]*?)\s+([A-Za-z].*)$/;

/** [name in the page's language, the rest ("" when the name is not bilingual)] */
export function splitName(name: string): [string, string] {
  const m = BILINGUAL.exec(name);
  if (!m) return [name, ""];
  const [zh, en] = [m[1].trim(), m[2].trim()];
  return lang() === "zh" ? [zh, en] : [en, zh];
}

/** The name in the page's language only. */
export function shortName(name: string): string {
  return splitName(name)[0];
}
