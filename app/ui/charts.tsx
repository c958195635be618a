// Small server-rendered SVG charts. No chart library: a few rects and a polyline are all the
// dashboard needs, they render without JavaScript and print. The SVG is a picture for sighted
// readers (aria-hidden); each chart carries its numbers as a table for screen readers.
import { DateTime } from "luxon";
import type { ReactNode } from "react";

export type ChartPoint = { label: string; value: number };

/** A day point's label, "2027-09-27", as "Sep 27" under a chart's axis. */
export const shortDayLabel = (day: string) => DateTime.fromISO(day, { zone: "utc" }).toFormat("LLL d");
/** A day point's label, "2027-09-27", as "Mon 27 Sep 2027" in a chart's summary and table. */
export const longDayLabel = (day: string) => DateTime.fromISO(day, { zone: "utc" }).toFormat("ccc d LLL yyyy");

/** A headline number above a dashboard's charts: label, value, and an optional line under it. Goes in a <dl>. */
export function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="text-2xl font-bold tabular-nums">{value}</dd>
      {hint ? <dd className="text-sm text-slate-600">{hint}</dd> : null}
    </div>
  );
}

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 12, right: 8, bottom: 26, left: 64 };

/** A round upper bound for the y axis: 1, 2, 2.5 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/** About six evenly spaced x labels, always including the first and last. */
function labelEvery(count: number): number {
  return Math.max(1, Math.ceil(count / 6));
}

function ChartFrame({
  title,
  summary,
  points,
  formatValue,
  longLabel,
  valueHeading,
  labelHeading,
  children,
}: {
  title: string;
  summary: string;
  points: ChartPoint[];
  formatValue: (value: number) => string;
  longLabel: (label: string) => string;
  valueHeading: string;
  labelHeading: string;
  children: ReactNode;
}) {
  return (
    <figure className="space-y-2">
      <figcaption>
        <span className="block font-semibold text-slate-900">{title}</span>
        <span className="block text-sm text-slate-600">{summary}</span>
      </figcaption>
      {children}
      {/* The wrapper hides the table: a table itself grows past sr-only's 1px and widens the page. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeading}</th>
              <th scope="col">{valueHeading}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{longLabel(p.label)}</th>
                <td>{formatValue(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function Axes({
  max,
  formatValue,
  points,
  shortLabel,
}: {
  max: number;
  formatValue: (v: number) => string;
  points: ChartPoint[];
  shortLabel: (label: string) => string;
}) {
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const every = labelEvery(points.length);
  const slot = plotWidth / Math.max(1, points.length);
  return (
    <g className="text-[13px]" fill="currentColor">
      {[0, 0.5, 1].map((f) => {
        const y = PAD.top + plotHeight * (1 - f);
        return (
          <g key={f}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y}
              y2={y}
              stroke="#cbd5e1"
              strokeDasharray={f === 0 ? undefined : "3 3"}
            />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end" className="fill-slate-600">
              {formatValue(max * f)}
            </text>
          </g>
        );
      })}
      {points.map((p, i) =>
        // Every `every`-th day and the last, skipping one that would crowd the last.
        i === points.length - 1 || (i % every === 0 && points.length - 1 - i >= every * 0.8) ? (
          <text
            key={p.label}
            x={PAD.left + slot * (i + 0.5)}
            y={HEIGHT - 6}
            textAnchor={points.length > 1 && i === points.length - 1 ? "end" : i === 0 && points.length > 1 ? "start" : "middle"}
            className="fill-slate-600"
          >
            {shortLabel(p.label)}
          </text>
        ) : null,
      )}
    </g>
  );
}

type SeriesChartProps = {
  title: string;
  points: ChartPoint[];
  /** Exact values, in the summary and the table. */
  formatValue?: (value: number) => string;
  /** Axis ticks, which may round ("$2,500"); defaults to formatValue. */
  formatAxis?: (value: number) => string;
  valueHeading: string;
  /** An x label under the axis ("2027-09-27" → "Sep 27"). */
  shortLabel?: (label: string) => string;
  /** An x label in the summary and the table ("2027-09-27" → "Mon 27 Sep 2027"). */
  longLabel?: (label: string) => string;
  /** What one point is, for the table's heading and the summary: days unless said otherwise. */
  pointUnit?: PointUnit;
  /** Replaces the "in total" summary, for series that are levels (a balance), not amounts per day. */
  summary?: string;
};

export type PointUnit = { heading: string; one: string; many: string; at: string };
const DAYS: PointUnit = { heading: "Day", one: "day", many: "days", at: "on" };

const plain = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
const same = (label: string) => label;

function seriesSummary(
  points: ChartPoint[],
  formatValue: (v: number) => string,
  longLabel: (label: string) => string,
  unit: PointUnit,
): string {
  if (points.length === 0) return "No data yet.";
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const peak = points.reduce((best, p) => (p.value > best.value ? p : best), points[0]);
  const highest = peak.value > 0 ? `; highest ${formatValue(peak.value)} ${unit.at} ${longLabel(peak.label)}` : "";
  return `${formatValue(total)} in total over ${points.length} ${points.length === 1 ? unit.one : unit.many}${highest}.`;
}

/** Vertical bars, one per point (e.g. registrations per day). */
export function BarChart({
  title,
  points,
  formatValue = plain,
  formatAxis = formatValue,
  valueHeading,
  shortLabel = same,
  longLabel = same,
  pointUnit = DAYS,
}: SeriesChartProps) {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, points.length);
  const barWidth = Math.max(1, slot * 0.7);
  return (
    <ChartFrame
      title={title}
      summary={seriesSummary(points, formatValue, longLabel, pointUnit)}
      points={points}
      formatValue={formatValue}
      longLabel={longLabel}
      valueHeading={valueHeading}
      labelHeading={pointUnit.heading}
    >
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full text-slate-700" aria-hidden="true" focusable="false">
        <Axes max={max} formatValue={formatAxis} points={points} shortLabel={shortLabel} />
        {points.map((p, i) => {
          const h = (p.value / max) * plotHeight;
          return (
            <rect
              key={p.label}
              x={PAD.left + slot * i + (slot - barWidth) / 2}
              y={PAD.top + plotHeight - h}
              width={barWidth}
              height={h}
              className="fill-brand-600"
            >
              <title>{`${p.label}: ${formatValue(p.value)}`}</title>
            </rect>
          );
        })}
      </svg>
    </ChartFrame>
  );
}

/** A line with a light area under it (e.g. revenue per day). */
export function LineChart({
  title,
  points,
  formatValue = plain,
  formatAxis = formatValue,
  valueHeading,
  shortLabel = same,
  longLabel = same,
  pointUnit = DAYS,
  summary,
}: SeriesChartProps) {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, points.length);
  const xy = points.map((p, i) => [PAD.left + slot * (i + 0.5), PAD.top + plotHeight * (1 - p.value / max)] as const);
  const line = xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
  const baseline = PAD.top + plotHeight;
  const area = xy.length ? `${xy[0][0].toFixed(1)},${baseline} ${line} ${xy[xy.length - 1][0].toFixed(1)},${baseline}` : "";
  return (
    <ChartFrame
      title={title}
      summary={summary ?? seriesSummary(points, formatValue, longLabel, pointUnit)}
      points={points}
      formatValue={formatValue}
      longLabel={longLabel}
      valueHeading={valueHeading}
      labelHeading={pointUnit.heading}
    >
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full text-slate-700" aria-hidden="true" focusable="false">
        <Axes max={max} formatValue={formatAxis} points={points} shortLabel={shortLabel} />
        {xy.length ? (
          <>
            <polygon points={area} className="fill-brand-100" />
            <polyline points={line} fill="none" strokeWidth={2} className="stroke-brand-700" />
            {xy.length <= 31
              ? xy.map(([x, y], i) => <circle key={points[i].label} cx={x} cy={y} r={2.5} className="fill-brand-700" />)
              : null}
          </>
        ) : null}
      </svg>
    </ChartFrame>
  );
}

export type Segment = { label: string; value: number; className: string };

/**
 * One horizontal bar split into parts of a whole (e.g. a ticket type's seats: sold, held,
 * free). The parts are named in words beside the bar, so colour is never the only cue.
 */
export function StackedBar({
  label,
  segments,
  total,
  formatValue = String,
}: {
  label: string;
  segments: Segment[];
  total: number;
  /** How values read in the description beside the bar (counts by default; money: formatMoney). */
  formatValue?: (value: number) => string;
}) {
  const whole = Math.max(1, total);
  let x = 0;
  const description = segments.map((s) => `${s.label} ${formatValue(s.value)}`).join(", ");
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold">{label}</span>
        <span className="text-sm text-slate-700">
          {description} (of {formatValue(total)})
        </span>
      </div>
      <svg
        viewBox="0 0 100 6"
        preserveAspectRatio="none"
        className="h-4 w-full overflow-hidden rounded bg-slate-100"
        aria-hidden="true"
        focusable="false"
      >
        {segments.map((s) => {
          const width = (Math.min(s.value, whole) / whole) * 100;
          const rect = <rect key={s.label} x={x} y={0} width={width} height={6} className={s.className} />;
          x += width;
          return rect;
        })}
      </svg>
    </div>
  );
}

/** The colour key for StackedBar segments. */
export function Legend({ items }: { items: { label: string; className: string }[] }) {
  return (
    <ul className="flex flex-wrap gap-4 text-sm text-slate-700" aria-label="Legend">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-2">
          <svg viewBox="0 0 10 10" className="h-3 w-3" aria-hidden="true" focusable="false">
            <rect width={10} height={10} className={item.className} />
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}
