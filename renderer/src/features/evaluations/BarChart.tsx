/** One bar: its label, its value, and the text shown at its end. */
export interface Bar {
  label: string;
  value: number | null;
  text: string;
}

const ROW = 28;
const LABEL_WIDTH = 270;
const BAR_WIDTH = 300;
const VALUE_WIDTH = 70;

/**
 * Horizontal bars in plain SVG, drawn by hand (no chart library): the label on
 * the left, a bar scaled to `max`, the value at its end. The figures are in
 * the table beside it too; the chart has a title and a description for
 * screen readers.
 */
export function BarChart({ title, bars, max }: { title: string; bars: readonly Bar[]; max: number }) {
  const height = bars.length * ROW + 8;
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const cut = (text: string) => (text.length > 38 ? `${text.slice(0, 37)}…` : text);
  return (
    <svg className="bar-chart" role="img" viewBox={`0 0 ${width} ${height}`} width={width} height={height} aria-label={title} data-testid="bar-chart">
      <title>{title}</title>
      <desc>{bars.map((b) => `${b.label}: ${b.text}`).join('; ')}</desc>
      {bars.map((bar, i) => {
        const y = i * ROW + 4;
        const length = bar.value === null || max <= 0 ? 0 : Math.max(0, Math.min(1, bar.value / max)) * BAR_WIDTH;
        return (
          <g key={`${bar.label}-${i}`}>
            <text className="bar-chart__label" x={LABEL_WIDTH - 8} y={y + ROW / 2 + 4} textAnchor="end">
              {cut(bar.label)}
            </text>
            <rect x={LABEL_WIDTH} y={y + 4} width={BAR_WIDTH} height={ROW - 10} fill="#e8eef4" />
            <rect className="bar-chart__bar" x={LABEL_WIDTH} y={y + 4} width={length} height={ROW - 10} data-value={bar.value ?? ''} />
            <text className="bar-chart__value" x={LABEL_WIDTH + BAR_WIDTH + 6} y={y + ROW / 2 + 4}>
              {bar.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
