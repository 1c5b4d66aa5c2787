import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

// Only what the dashboard draws is registered, so the bundler drops the rest of Chart.js. This module is
// imported by the dashboard's lazy chunk alone; the patient survey never loads a chart library.
Chart.register(
  LineController,
  ScatterController,
  BarController,
  LinearScale,
  CategoryScale,
  PointElement,
  LineElement,
  BarElement,
  Filler,
  Legend,
  Tooltip,
);

Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
Chart.defaults.font.size = 13;
Chart.defaults.color = '#1f2933';
Chart.defaults.borderColor = '#e4e9ef';
// Static charts: they are read, printed and photographed, not watched.
Chart.defaults.animation = false;

/** The portal palette (styles.css) for canvas, which cannot read CSS variables cheaply. */
export const PALETTE = {
  text: '#1f2933',
  muted: '#52606d',
  grid: '#e4e9ef',
  primary: '#0b5c85',
  primarySoft: 'rgba(11, 92, 133, 0.16)',
  bad: '#c0261c',
  badSoft: 'rgba(168, 35, 26, 0.07)',
  /** Sequential blues for the walking bins: further reads darker (as on the cards). */
  bins: ['#dbe8f3', '#a9c8e3', '#6fa2cc', '#3677ad', '#0b4f85'],
} as const;

export { Chart };
