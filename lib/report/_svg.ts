/**
 * Small SVG chart pieces, built with the element helper: a histogram with
 * fences and modes, a time-order scatter, a curve with a CI band, an
 * interval bar. Written by hand rather than through a charting package: the
 * charts are few and fixed, the output must be self-contained (no scripts
 * to fetch or inline), and each chart is ~50 lines.
 *
 * @module
 */

import type { MetricAnalysis, SweepRecord } from "../artifact/mod.ts";
import { complexityGrowth } from "../stats/mod.ts";
import { binCounts } from "./_bins.ts";
import { formatValue, significant } from "./_format.ts";
import { type Child, el, type Markup } from "./_markup.ts";
import { formatChange, paramsText } from "./_vocabulary.ts";

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { left: 84, right: 16, top: 16, bottom: 36 };
/** Fork colours (Okabe–Ito, readable by colour-blind readers). */
export const FORK_COLOURS: readonly string[] = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#000000",
];

interface Scale {
  (x: number): number;
  ticks: number[];
}

function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  // A domain narrower than the doubles around it (a constant metric of
  // 10000) is widened: a step below d0's precision would never advance.
  const span = d1 - d0 > Math.abs(d0) * 1e-9 ? d1 - d0 : Math.abs(d0) || 1;
  const f = ((x: number) => r0 + ((x - d0) / span) * (r1 - r0)) as Scale;
  const step = niceStep(span / 5);
  const first = Math.ceil(d0 / step) * step;
  const ticks: number[] = [];
  for (let i = 0; i <= 20 && first + i * step <= d0 + span * (1 + 1e-9); i++) {
    ticks.push(Number((first + i * step).toPrecision(12)));
  }
  f.ticks = ticks;
  return f;
}

/**
 * Where a distribution's axis ends: at `end`, unless the sample is
 * constant (end ≤ lo), which still needs an axis — a tenth of its value
 * wide — for its bins to have a width.
 */
function axisEnd(lo: number, end: number): number {
  return end > lo ? end : lo + (Math.abs(lo) * 0.1 || 1);
}

function niceStep(raw: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(raw || 1)));
  const m = raw / power;
  return (m >= 5 ? 10 : m >= 2 ? 5 : m >= 1 ? 2 : 1) * power;
}

function frame(inner: Child, title: string, xLabel: string): Markup {
  return el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      width: WIDTH,
      height: HEIGHT,
      role: "img",
      "aria-label": title,
    },
    el("title", {}, title),
    inner,
    el("text", {
      x: (MARGIN.left + WIDTH - MARGIN.right) / 2,
      y: HEIGHT - 4,
      "text-anchor": "middle",
      class: "axis-label",
    }, xLabel),
  );
}

function line(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  cls: string,
  ...children: Child[]
): Markup {
  return el("line", { x1, y1, x2, y2, class: cls }, ...children);
}

/** A line of small text, e.g. a label or a tick. */
function note(
  x: number,
  y: number,
  text: string,
  attributes: { anchor?: "middle" | "end"; cls?: string; fill?: string } = {},
): Markup {
  return el("text", {
    x,
    y,
    "text-anchor": attributes.anchor,
    class: attributes.cls ?? "note",
    fill: attributes.fill,
  }, text);
}

/** The horizontal axis line along the bottom of the plot. */
function baseline(): Markup {
  const y = HEIGHT - MARGIN.bottom;
  return line(MARGIN.left, y, WIDTH - MARGIN.right, y, "axis");
}

function xAxis(x: Scale, unit: string): Child[] {
  const y = HEIGHT - MARGIN.bottom;
  return [
    baseline(),
    x.ticks.map((t) => [
      line(x(t), y, x(t), y + 4, "axis"),
      note(x(t), y + 15, formatValue(t, unit), {
        anchor: "middle",
        cls: "tick",
      }),
    ]),
  ];
}

function yAxis(y: Scale, format: (v: number) => string): Child[] {
  return [
    line(MARGIN.left, MARGIN.top, MARGIN.left, HEIGHT - MARGIN.bottom, "axis"),
    y.ticks.map((t) =>
      note(MARGIN.left - 6, y(t) + 4, format(t), { anchor: "end", cls: "tick" })
    ),
  ];
}

/**
 * A histogram of a metric's samples with the Tukey fences, the outliers in
 * their own colour, and the modes marked with their shares. The axis ends
 * at the 99.5th percentile; samples beyond it are counted at the edge.
 *
 * @param samples all samples of the metric
 * @param a its analysis
 * @param unit its unit
 * @param title the chart's title
 * @returns an SVG element
 */
export function histogramSvg(
  samples: number[],
  a: MetricAnalysis,
  unit: string,
  title: string,
): Markup {
  const sorted = [...samples].sort((p, q) => p - q);
  const lo = sorted[0];
  // End the axis at the 99.5th percentile, or three IQRs past the severe
  // fence if that comes first, so a long tail does not squash the body.
  const iqr = (a.fences.highSevere - a.fences.highMild) / 1.5;
  const end = Math.min(
    sorted[Math.floor(0.995 * (sorted.length - 1))],
    a.fences.highSevere + 3 * iqr,
  );
  const hi = axisEnd(lo, end);
  const bins = Math.min(60, Math.max(10, Math.ceil(Math.sqrt(sorted.length))));
  const { counts, outside: beyond } = binCounts(sorted, lo, hi, bins);
  const x = linear(lo, hi, MARGIN.left, WIDTH - MARGIN.right);
  const y = linear(
    0,
    Math.max(...counts, 1),
    HEIGHT - MARGIN.bottom,
    MARGIN.top,
  );
  const barWidth = (WIDTH - MARGIN.left - MARGIN.right) / bins;
  const f = a.fences;
  const bars = counts.map((n, i) => {
    const v0 = lo + (i / bins) * (hi - lo);
    const v1 = lo + ((i + 1) / bins) * (hi - lo);
    const outlier = v1 <= f.lowMild || v0 >= f.highMild;
    const top = y(n);
    return el("rect", {
      x: MARGIN.left + i * barWidth,
      y: top,
      width: Math.max(barWidth - 1, 1),
      height: HEIGHT - MARGIN.bottom - top,
      class: outlier ? "bar outlier" : "bar",
    });
  });
  const fence = (value: number, cls: string, label: string) =>
    value >= lo && value <= hi &&
    line(
      x(value),
      MARGIN.top,
      x(value),
      HEIGHT - MARGIN.bottom,
      cls,
      el("title", {}, `${label}: ${formatValue(value, unit)}`),
    );
  const fences = [
    fence(f.lowSevere, "fence severe", "low severe fence"),
    fence(f.lowMild, "fence mild", "low mild fence"),
    fence(f.highMild, "fence mild", "high mild fence"),
    fence(f.highSevere, "fence severe", "high severe fence"),
  ];
  const modes = a.modality.multimodal &&
    a.modality.modes.filter((m) => m.location >= lo && m.location <= hi)
      .map((m) => [
        el("path", {
          d: `M${x(m.location) - 6},${MARGIN.top} l6,9 l6,-9 z`,
          class: "mode",
        }),
        note(x(m.location), MARGIN.top + 20, `${(m.share * 100).toFixed(0)}%`, {
          anchor: "middle",
          cls: "mode-label",
        }),
      ]);
  const overflow = beyond > 0 &&
    note(
      WIDTH - MARGIN.right,
      MARGIN.top + 10,
      `+${beyond} beyond the axis (max ${
        formatValue(sorted[sorted.length - 1], unit)
      })`,
      { anchor: "end" },
    );
  return frame(
    [bars, fences, modes, overflow, xAxis(x, unit), yAxis(y, String)],
    title,
    `${unit} — bars: samples; orange/red lines: mild/severe fences; ▼ modes`,
  );
}

/**
 * A time-order plot: every sample against its index, each fork in its own
 * colour, so drift within a fork and a slow first fork stand out.
 *
 * @param forks samples per fork, in time order
 * @param unit the unit
 * @param title the chart's title
 * @returns an SVG element
 */
export function timeOrderSvg(
  forks: number[][],
  unit: string,
  title: string,
): Markup {
  const all = forks.flat();
  const sorted = [...all].sort((p, q) => p - q);
  const lo = sorted[0];
  const hi = Math.max(
    sorted[Math.floor(0.995 * (sorted.length - 1))],
    lo + 1e-12,
  );
  const total = all.length;
  // At most ~2,400 points: every k-th sample of each fork.
  const stride = Math.max(1, Math.ceil(total / 2400));
  const x = linear(0, total, MARGIN.left, WIDTH - MARGIN.right);
  const y = linear(lo, hi, HEIGHT - MARGIN.bottom, MARGIN.top);
  let offset = 0;
  const dots = forks.map((fork, i) => {
    const colour = FORK_COLOURS[i % FORK_COLOURS.length];
    const points: Markup[] = [];
    for (let j = 0; j < fork.length; j += stride) {
      const v = Math.min(fork[j], hi);
      points.push(
        el("circle", {
          cx: x(offset + j).toFixed(1),
          cy: y(v).toFixed(1),
          r: 1.2,
        }),
      );
    }
    const start = x(offset);
    offset += fork.length;
    return [
      el("g", { fill: colour }, el("title", {}, `fork ${i + 1}`), points),
      note(start + 2, HEIGHT - MARGIN.bottom - 4, `fork ${i + 1}`, {
        fill: colour,
      }),
    ];
  });
  return frame(
    [dots, yAxis(y, (v) => formatValue(v, unit)), baseline()],
    title,
    "sample, in time order (forks one after another)",
  );
}

/**
 * Two distributions on one axis (base above, candidate below) and the
 * ratio's CI against the noise band.
 *
 * @param base the base's samples
 * @param candidate the candidate's samples
 * @param comparison the ratio and its CI, both centres and the unit
 * @param noise the noise threshold
 * @param title the chart's title
 * @returns an SVG element
 */
export function comparisonSvg(
  base: number[],
  candidate: number[],
  comparison: Parameters<typeof formatChange>[0],
  noise: number,
  title: string,
): Markup {
  const { ratio, unit } = comparison;
  const all = [...base, ...candidate].sort((p, q) => p - q);
  const lo = all[0];
  const hi = axisEnd(lo, all[Math.floor(0.995 * (all.length - 1))]);
  const bins = 40;
  const hist = (xs: number[]) =>
    binCounts(xs, lo, hi, bins).counts.map((n) => n / xs.length);
  const hb = hist(base);
  const hc = hist(candidate);
  const x = linear(lo, hi, MARGIN.left, WIDTH - MARGIN.right);
  const mid = (MARGIN.top + HEIGHT - MARGIN.bottom) / 2 - 20;
  const peak = Math.max(...hb, ...hc, 1e-9);
  const h = mid - MARGIN.top;
  const w = (WIDTH - MARGIN.left - MARGIN.right) / bins;
  const upper = hb.map((s, i) =>
    el("rect", {
      x: MARGIN.left + i * w,
      y: mid - (s / peak) * h,
      width: Math.max(w - 1, 1),
      height: (s / peak) * h,
      class: "bar base",
    })
  );
  const lower = hc.map((s, i) =>
    el("rect", {
      x: MARGIN.left + i * w,
      y: mid,
      width: Math.max(w - 1, 1),
      height: (s / peak) * h,
      class: "bar candidate",
    })
  );
  // The ratio strip along the bottom: its own axis, 1 in the middle.
  const span =
    Math.max(Math.abs(ratio.upper - 1), Math.abs(ratio.lower - 1), noise) * 1.3;
  const r = linear(1 - span, 1 + span, MARGIN.left, WIDTH - MARGIN.right);
  const stripY = HEIGHT - MARGIN.bottom - 10;
  const strip = [
    el("rect", {
      x: r(1 - noise),
      y: stripY - 8,
      width: r(1 + noise) - r(1 - noise),
      height: 16,
      class: "noise",
    }),
    line(r(1), stripY - 10, r(1), stripY + 10, "axis"),
    line(r(ratio.lower), stripY, r(ratio.upper), stripY, "ci"),
    el("circle", { cx: r(ratio.point), cy: stripY, r: 4, class: "ci-point" }),
    note(r(ratio.point), stripY - 12, formatChange(comparison, ", "), {
      anchor: "middle",
    }),
  ];
  return frame(
    [
      upper,
      lower,
      xAxis(x, unit),
      note(MARGIN.left + 4, MARGIN.top + 10, "base ▲"),
      note(MARGIN.left + 4, mid + 14, "candidate ▼"),
      strip,
    ],
    title,
    `${unit} (bars) · ratio candidate/base with CI (grey band: noise threshold)`,
  );
}

/**
 * Sweep curves on one chart: each sweep's centres over the parameter with
 * its CI as a band, its fitted complexity class dashed and its knee marked,
 * one colour per line (e.g. one line per mode over a buffer size). The
 * x axis is logarithmic when the values span 20× or more (log(x + 1) when
 * they start at 0).
 *
 * @param sweeps sweeps of the same parameter and metric
 * @param title the chart's title
 * @returns an SVG element, or null when no sweep has a point with a CI
 */
export function sweepSvg(
  sweeps: SweepRecord[],
  title: string,
): Markup | null {
  const lines = sweeps.map((s) => ({
    s,
    pts: s.points.filter((p) =>
      p.centre !== null && p.lower !== null && p.upper !== null
    ),
  })).filter((l) => l.pts.length > 0);
  if (lines.length === 0) return null;
  const allX = lines.flatMap((l) => l.pts.map((p) => p.x));
  const minX = Math.min(...allX);
  const maxX = Math.max(...allX);
  const shift = minX === 0 ? 1 : 0;
  const logX = minX >= 0 && (maxX + shift) / (minX + shift) >= 20;
  const tx = (v: number) => (logX ? Math.log10(v + shift) : v);
  const x = linear(tx(minX), tx(maxX), MARGIN.left, WIDTH - MARGIN.right);
  const y = linear(
    Math.min(0, ...lines.flatMap((l) => l.pts.map((p) => p.lower))),
    Math.max(...lines.flatMap((l) => l.pts.map((p) => p.upper))),
    HEIGHT - MARGIN.bottom,
    MARGIN.top,
  );
  const unit = lines[0].s.unit;
  const curves = lines.map(({ s, pts }, i) => {
    const colour = FORK_COLOURS[i % FORK_COLOURS.length];
    const px = (p: { x: number }) => x(tx(p.x));
    const band = `M${pts.map((p) => `${px(p)},${y(p.upper)}`).join(" L")} L${
      [...pts].reverse().map((p) => `${px(p)},${y(p.lower)}`).join(" L")
    } Z`;
    const fixed = paramsText(s.fixed);
    const label = s.case + (fixed ? ` [${fixed}]` : "") +
      (s.complexity ? ` · O(${s.complexity.best.complexity})` : "");
    return [
      el("path", { class: "band", style: `fill:${colour}`, d: band }),
      el("polyline", {
        class: "curve",
        style: `stroke:${colour}`,
        points: pts.map((p) => `${px(p)},${y(p.centre)}`).join(" "),
      }),
      pts.map((p) =>
        el(
          "circle",
          { cx: px(p), cy: y(p.centre), r: 3, fill: colour },
          el(
            "title",
            {},
            `${s.param}=${p.x}: ${formatValue(p.centre, s.unit)}`,
          ),
        )
      ),
      s.complexity && fitCurve(s.complexity, pts, x, y, tx, logX, shift),
      s.knee && [
        line(
          x(tx(s.knee.x)),
          MARGIN.top,
          x(tx(s.knee.x)),
          HEIGHT - MARGIN.bottom,
          "knee",
        ),
        note(
          x(tx(s.knee.x)) + 4,
          MARGIN.top + 10 + 12 * i,
          `knee ≈ ${significant(s.knee.x)}`,
        ),
      ],
      el("rect", {
        x: MARGIN.left + 8,
        y: MARGIN.top + 4 + 13 * i,
        width: 10,
        height: 10,
        fill: colour,
      }),
      note(MARGIN.left + 22, MARGIN.top + 13 + 13 * i, label),
    ];
  });
  // On a log axis, ticks at 0 (when present) and the powers of ten.
  const tickValues = logX
    ? [
      ...(minX === 0 ? [0] : []),
      ...Array.from(
        { length: Math.floor(Math.log10(maxX)) + 1 },
        (_, k) => Math.pow(10, k),
      ).filter((v) => v >= minX && v <= maxX),
    ]
    : x.ticks;
  const ticks = tickValues.map((v) =>
    note(
      logX ? x(tx(v)) : x(v),
      HEIGHT - MARGIN.bottom + 15,
      significant(v),
      { anchor: "middle", cls: "tick" },
    )
  );
  return frame(
    [curves, ticks, baseline(), yAxis(y, (v) => formatValue(v, unit))],
    title,
    `${lines[0].s.param}${
      logX ? " (log scale)" : ""
    } · bands: CIs · dashed: fitted growth class`,
  );
}

/** A sweep's fitted growth class, dashed, over the range of its points. */
function fitCurve(
  complexity: NonNullable<SweepRecord["complexity"]>,
  pts: readonly { x: number }[],
  x: Scale,
  y: Scale,
  tx: (v: number) => number,
  logX: boolean,
  shift: number,
): Markup {
  const best = complexity.best.complexity;
  const c = complexity.best.coefficient;
  const x0 = pts[0].x;
  const x1 = pts[pts.length - 1].x;
  const path: string[] = [];
  for (let k = 0; k <= 60; k++) {
    const v = logX
      ? Math.pow(10, tx(x0) + (k / 60) * (tx(x1) - tx(x0))) - shift
      : x0 + (k / 60) * (x1 - x0);
    if (v < 1) continue;
    path.push(`${x(tx(v))},${y(c * complexityGrowth(best, v))}`);
  }
  return el(
    "polyline",
    { class: "fit", points: path.join(" ") },
    el(
      "title",
      {},
      `O(${best}) fit, normalised RMS ${significant(complexity.best.rms)}`,
    ),
  );
}

/** A straight line over time, as {@link soakSeriesSvg} draws it. */
export interface SoakChartLine {
  /** Slope, in the series' unit per ms. */
  slopePerMs: number;
  /** Value at t = 0. */
  intercept: number;
  /** Where it starts, ms. */
  fromMs: number;
  /** Where it ends, ms. */
  toMs: number;
}

/** What {@link soakSeriesSvg} draws. */
export interface SoakChart {
  /** Sample times, ms since the soak started. */
  times: readonly number[];
  /** The values, in `unit`. */
  values: readonly number[];
  /** The values' unit. */
  unit: string;
  /** The warm-up, shaded: [0, warmupMs]. */
  warmupMs: number;
  /** Where the time axis ends, ms. */
  endMs: number;
  /** Restarts, each a vertical marker. */
  restarts: readonly { tMs: number; child: number }[];
  /** The fitted line over the judged part, or null. */
  fit: SoakChartLine | null;
  /** The threshold's slope from the same start, or null. */
  threshold: SoakChartLine | null;
  /** The chart's title. */
  title: string;
  /** An id unique on the page (the resource's name), for the clip path. */
  id: string;
}

/**
 * A soak resource over time: the samples as a line (broken at each
 * restart), the warm-up shaded, each restart a vertical marker, the fitted
 * line over the judged part and the threshold's slope drawn from its start.
 *
 * @param chart what to draw
 * @returns an SVG element
 */
export function soakSeriesSvg(chart: SoakChart): Markup {
  const { times, values, unit, warmupMs, endMs, restarts, fit, threshold } =
    chart;
  const lineValue = (l: SoakChartLine, t: number) =>
    l.intercept + l.slopePerMs * t;
  const finite = values.filter(Number.isFinite);
  // The axis follows the data and the fit; the threshold's line, which may
  // climb far past both, is clipped to the plot.
  const fitEnds = fit === null
    ? []
    : [lineValue(fit, fit.fromMs), lineValue(fit, fit.toMs)];
  const lo = Math.min(0, ...finite, ...fitEnds);
  const hi = Math.max(lo + 1e-9, ...finite, ...fitEnds);
  const x = linear(0, Math.max(endMs, 1), MARGIN.left, WIDTH - MARGIN.right);
  const y = linear(lo, hi, HEIGHT - MARGIN.bottom, MARGIN.top);
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  const warmup = warmupMs > 0 &&
    el("rect", {
      x: x(0),
      y: top,
      width: Math.max(0, x(Math.min(warmupMs, endMs)) - x(0)),
      height: bottom - top,
      class: "warmup",
    }, el("title", {}, `warm-up: ${formatValue(warmupMs, "ms")}`));
  // One polyline per stretch between restarts.
  const cuts = [...restarts.map((r) => r.tMs), Infinity];
  const stretches: string[][] = cuts.map(() => []);
  times.forEach((t, i) => {
    if (!Number.isFinite(values[i])) return;
    const k = cuts.findIndex((c) => t < c);
    stretches[k].push(`${x(t).toFixed(1)},${y(values[i]).toFixed(1)}`);
  });
  const series = stretches.filter((s) => s.length > 0).map((points) =>
    el("polyline", { class: "curve", points: points.join(" ") })
  );
  const clip = `clip-${chart.id}`;
  const drawn = (l: SoakChartLine | null, cls: string, label: string) =>
    l !== null &&
    line(
      x(l.fromMs),
      y(lineValue(l, l.fromMs)),
      x(l.toMs),
      y(lineValue(l, l.toMs)),
      cls,
      el("title", {}, label),
    );
  const markers = restarts.map((r) => [
    line(
      x(r.tMs),
      top,
      x(r.tMs),
      bottom,
      "restart",
      el(
        "title",
        {},
        `restart: child ${r.child} at ${formatValue(r.tMs, "ms")}`,
      ),
    ),
    note(x(r.tMs) + 2, top + 10, `↻${r.child}`, { cls: "restart-label" }),
  ]);
  return frame(
    [
      el(
        "defs",
        {},
        el(
          "clipPath",
          { id: clip },
          el("rect", {
            x: MARGIN.left,
            y: top,
            width: WIDTH - MARGIN.left - MARGIN.right,
            height: bottom - top,
          }),
        ),
      ),
      warmup,
      el(
        "g",
        { "clip-path": `url(#${clip})` },
        "",
        series,
        drawn(fit, "fit", "Theil–Sen fit over the judged samples"),
        drawn(
          threshold,
          "threshold",
          "the threshold's slope, from the fit's start",
        ),
      ),
      markers,
      xAxis(x, "ms"),
      yAxis(y, (v) => `${significant(v)} ${unit}`),
    ],
    chart.title,
    "time since the start · shaded: warm-up · dashed: Theil–Sen fit · " +
      "dotted: threshold · ↻: restart",
  );
}
