/** What the server tells a page at load time (rendered into the HTML shell by server/http/client-routes.ts). */
export interface PageConfig {
  /** optional map tile URL template for users online; null = GeoJSON only */
  tileUrl: string | null;
}

export function readPageConfig(): PageConfig {
  const el = document.getElementById("lianxin-config");
  try {
    const parsed = JSON.parse(el?.textContent ?? "{}") as Partial<PageConfig>;
    return { tileUrl: typeof parsed.tileUrl === "string" ? parsed.tileUrl : null };
  } catch {
    return { tileUrl: null };
  }
}
