import { Resvg } from '@resvg/resvg-js';
import type { Funnel } from '../../core/kpi/funnel.js';
import type { Compared } from '../../core/kpi/report.js';

export type FunnelChartText = {
  title: string;
  current: string;
  previous: string;
  stage: (stage: string) => string;
  number: (n: number) => string;
};

const W = 640;
const ROW = 44;
const LABEL_W = 170;
const BAR_W = W - LABEL_W - 70;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The funnel of this period against the previous one as SVG: one row per stage, a solid bar for
 * this period and a pale one for the previous, each with its count.
 */
export function funnelChartSvg(funnel: Compared<Funnel>, tx: FunnelChartText): string {
  const stages = funnel.current.stages;
  const prev = funnel.previous.stages;
  const max = Math.max(1, ...stages.map((s) => s.count), ...prev.map((s) => s.count));
  const height = 70 + stages.length * ROW + 10;
  const rows = stages.map((s, i) => {
    const y = 70 + i * ROW;
    const p = prev[i]?.count ?? 0;
    const cw = Math.max(2, (s.count / max) * BAR_W);
    const pw = Math.max(2, (p / max) * BAR_W);
    return [
      `<text x="${LABEL_W - 10}" y="${y + 20}" text-anchor="end" class="label">${esc(tx.stage(s.stage))}</text>`,
      `<rect x="${LABEL_W}" y="${y + 4}" width="${cw.toFixed(1)}" height="18" rx="3" fill="#2f6feb"/>`,
      `<text x="${(LABEL_W + cw + 6).toFixed(1)}" y="${y + 18}" class="num">${esc(tx.number(s.count))}</text>`,
      `<rect x="${LABEL_W}" y="${y + 25}" width="${pw.toFixed(1)}" height="10" rx="2" fill="#b6c7e6"/>`,
      `<text x="${(LABEL_W + pw + 6).toFixed(1)}" y="${y + 34}" class="small">${esc(tx.number(p))}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}">`,
    '<style>text{font-family:"DejaVu Sans",Arial,sans-serif;fill:#1f2328}.title{font-size:18px;font-weight:bold}',
    '.label{font-size:14px}.num{font-size:13px;font-weight:bold}.small{font-size:11px;fill:#57606a}</style>',
    `<rect width="${W}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="28" class="title">${esc(tx.title)}</text>`,
    `<rect x="16" y="42" width="14" height="10" fill="#2f6feb"/><text x="36" y="52" class="small">${esc(tx.current)}</text>`,
    `<rect x="180" y="42" width="14" height="10" fill="#b6c7e6"/><text x="200" y="52" class="small">${esc(tx.previous)}</text>`,
    ...rows,
    '</svg>',
  ].join('');
}

/** Renders SVG to PNG (resvg: no native build, no browser; system fonts for the text). */
export function svgToPng(svg: string): Uint8Array {
  const r = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return new Uint8Array(r.render().asPng());
}
