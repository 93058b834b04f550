/**
 * A dependency-free SVG line chart for training curves: one panel per series group (e.g. loss, accuracy),
 * epochs on the x axis.
 */

export interface Series {
  readonly name: string
  readonly values: ReadonlyArray<number>
  readonly color: string
}

export interface Panel {
  readonly title: string
  readonly series: ReadonlyArray<Series>
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3))

/** An SVG document with the panels side by side. */
export const lineChart = (title: string, panels: ReadonlyArray<Panel>): string => {
  const w = 420
  const h = 300
  const m = { l: 56, r: 16, t: 40, b: 44 }
  const body = panels.map((p, k) => {
    const all = p.series.flatMap((s) => s.values.filter(Number.isFinite))
    const n = Math.max(1, ...p.series.map((s) => s.values.length))
    let lo = Math.min(...all)
    let hi = Math.max(...all)
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1]
    if (hi - lo < 1e-12) [lo, hi] = [lo - 0.5, hi + 0.5]
    const x = (i: number): number => m.l + (n === 1 ? 0 : (i / (n - 1)) * (w - m.l - m.r))
    const y = (v: number): number => m.t + (1 - (v - lo) / (hi - lo)) * (h - m.t - m.b)
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * (hi - lo))
    const grid = ticks
      .map(
        (v) =>
          `<line x1="${m.l}" x2="${w - m.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e5e5"/>` +
          `<text x="${m.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${fmt(v)}</text>`,
      )
      .join('')
    const xt = [...new Set([0, Math.floor((n - 1) / 2), n - 1])]
      .map(
        (i) => `<text x="${x(i).toFixed(1)}" y="${h - m.b + 16}" text-anchor="middle" font-size="11">${i + 1}</text>`,
      )
      .join('')
    const lines = p.series
      .map((s) => {
        const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
        return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts}"/>`
      })
      .join('')
    const legend = p.series
      .map(
        (s, i) =>
          `<rect x="${m.l + 8 + i * 110}" y="${m.t - 22}" width="12" height="3" fill="${s.color}"/>` +
          `<text x="${m.l + 24 + i * 110}" y="${m.t - 17}" font-size="11">${esc(s.name)}</text>`,
      )
      .join('')
    return (
      `<g transform="translate(${k * w},24)">` +
      `<text x="${(m.l + w - m.r) / 2}" y="12" text-anchor="middle" font-size="13" font-weight="bold">${esc(p.title)}</text>` +
      grid +
      `<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${h - m.b}" stroke="#888"/>` +
      `<line x1="${m.l}" x2="${w - m.r}" y1="${h - m.b}" y2="${h - m.b}" stroke="#888"/>` +
      xt +
      `<text x="${(m.l + w - m.r) / 2}" y="${h - 8}" text-anchor="middle" font-size="11">epoch</text>` +
      lines +
      legend +
      `</g>`
    )
  })
  const W = w * panels.length
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h + 24}" viewBox="0 0 ${W} ${h + 24}" ` +
    `font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>` +
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="14">${esc(title)}</text>${body.join('')}</svg>\n`
  )
}
