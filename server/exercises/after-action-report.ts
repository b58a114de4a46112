/**
 * The printable after-action report of an exercise (#18 item 2): the scorecard as one self-contained HTML page
 * (no script, no external resource; print it or save it as PDF from the browser), every label in zh-CN and en, every
 * figure with its unit, every time with its zone offset.
 */
import type { ExerciseScore, ScoreFigures } from "./exercise-score.ts";

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
const ch = (n: number) => `${Math.round(n).toLocaleString("en-US")}`;

/**
 * @example
 * res.type("html").send(afterActionReport(score, "Zhengzhou 2021"));
 */
export function afterActionReport(score: ExerciseScore, incidentName: string): string {
  const f = score.figures;
  const row = (zh: string, en: string, x: ScoreFigures) =>
    `<tr><td>${zh}<br><small>${en}</small></td><td class="n">${ch(x.customerOutageHours)} 户·时加权 / customer-h</td><td class="n">${ch(x.householdHours)} 户·时 / household-h</td></tr>`;
  const better = { trainee: "学员 / trainee", planner: "规划器 / planner", tie: "持平 / tie" } as const;
  const compounds = score.compounds
    .map((c) => `<tr><td>${esc(c.name)}</td><td class="n">${c.households}</td><td class="n">${ch(c.trainee)}</td><td class="n">${ch(c.planner)}</td><td class="n">${ch(c.history)}</td><td>${better[c.better]}</td></tr>`)
    .join("\n");
  const decisions = score.decisions.length === 0
    ? `<tr><td colspan="5">学员未批准任何方案 / the trainee approved no plan</td></tr>`
    : score.decisions.map((d) => `<tr><td>${esc(d.approvedAt)}<br><small>${esc(d.at)}</small></td><td>${esc(d.plan)}</td><td class="n">${ch(d.customerOutageHours)}</td><td class="n">${ch(d.plannerCustomerOutageHours)}</td><td class="n">${d.deltaCustomerOutageHours >= 0 ? "+" : ""}${ch(d.deltaCustomerOutageHours)}</td></tr>`).join("\n");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>演练复盘报告 / After-action report: ${esc(incidentName)}</title>
<style>
body { font-family: "Noto Sans SC", sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; margin: 1em 0; width: 100%; }
td, th { border: 1px solid #999; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
small { color: #555; }
@media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
</style></head>
<body>
<h1>演练复盘报告 / After-action report</h1>
<p>${esc(incidentName)} · 学员 / trainee: <strong>${esc(score.trainee.name)}</strong> · 截至 / up to: ${esc(score.at)}</p>
<h2>停电时户数 / Customer outage hours</h2>
<table><thead><tr><th></th><th>加权 / weighted</th><th>不加权 / unweighted</th></tr></thead><tbody>
${row("学员", "trainee", f.trainee)}
${row("历史实际", "what happened in history", f.history)}
${row("规划器（无预知）", "planner without foresight", f.plannerWithoutForesight)}
${row("规划器（有预知）", "planner with foresight", f.plannerWithForesight)}
${row("无发电车", "no truck at all", f.noTrucks)}
${row("下界", "the planner's lower bound (no plan beats it)", f.lowerBound)}
</tbody></table>
<h2>各小区 / Per compound (customer-h)</h2>
<table><thead><tr><th>小区 / compound</th><th>户数 / households</th><th>学员 / trainee</th><th>规划器 / planner</th><th>历史 / history</th><th>更优 / better</th></tr></thead><tbody>
${compounds}
</tbody></table>
<h2>学员决策 / Trainee decisions</h2>
<table><thead><tr><th>批准时间 / approved at<br><small>方案时刻 / planned for</small></th><th>方案 / plan</th><th>方案户·时 / plan customer-h</th><th>规划器当时的方案 / the planner's answer at that moment, customer-h</th><th>差值 / delta, customer-h</th></tr></thead><tbody>
${decisions}
</tbody></table>
</body></html>
`;
}
