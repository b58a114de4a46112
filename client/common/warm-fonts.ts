/**
 * Loads the web font's slices for text the page has not shown yet but will (#16 item 7). The Chinese font comes in
 * ~100 unicode-range slices a weight, fetched when a glyph first needs one; each slice that arrives lays out the
 * whole document again (~0.1 s at true scale). Left to itself, a burst of reports brought new bold labels ("已送电")
 * and new names into view, and with them two whole-page layouts in the middle of the burst. Asked for once, while
 * the board is quiet, they arrive together.
 */
const FAMILY = '"Noto Sans SC"';

/** `texts` in each of `weights` (the served ones: 400, and 700 that 600 falls back to) */
export function warmFonts(texts: readonly string[], weights: readonly number[] = [400, 700]): Promise<void> {
  // one character each: a slice is chosen by its characters, not by words
  const chars = [...new Set(texts.join(""))].filter((ch) => ch.charCodeAt(0) > 0x7f).join("");
  if (chars === "" || !document.fonts) return Promise.resolve();
  return Promise.all(weights.map((w) => document.fonts.load(`${w} 16px ${FAMILY}`, chars))).then(() => {}, () => {});
}
