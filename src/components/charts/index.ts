// Chart building blocks (Recharts). Import them only from lazily loaded modules: Recharts is
// large and the rest of the app does not need it.
export { ChartCard } from './chart-card';
export { ChartTooltipBox } from './chart-tooltip';
export { useChartFormat, type ChartFormat } from './chart-format';
export { SegmentBarChart } from './segment-bar-chart';
export { SegmentDonutChart } from './segment-donut-chart';
export { SegmentLegend } from './segment-legend';
export { SegmentTable } from './segment-table';
export { TrendChart, useSnapshotDay, type TrendLine, type TrendPoint } from './trend-chart';
export type { ChartSegment } from './types';
