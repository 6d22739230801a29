/**
 * Charts of OOXML packages (DrawingML `c:chartSpace` parts, in PPTX and XLSX). A chart's words
 * and numbers are content a reader sees, so its title and the values cached in the part
 * (every producer writes the caches) become a caption and a table of series by category.
 */
import type JSZip from 'jszip';
import type { DomElement } from '../core/dom.js';
import { descendants, kid, kids, readXmlPart } from '../core/zip-xml.js';
import { markdownTable } from '../core/markdown-table.js';

/**
 * A cached number as the chart shows it: producers write binary floating point in full
 * (`4.4000000000000004`), which is not what anyone typed or sees; 15 significant digits are.
 */
function shownNumber(value: string): string {
  if (!/^-?\d+\.\d{15,}$/.test(value)) return value;
  return String(Number(Number(value).toPrecision(15)));
}

/** What kind of chart a plot is (`c:barChart`, `c:bar3DChart` → "Bar"), as a reader names it. */
function plotKind(plot: DomElement): string {
  const name = plot.tagName.slice(plot.tagName.indexOf(':') + 1).replace(/(?:3D)?Chart$/, '');
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Cached points of a `c:tx`, `c:cat` or `c:val` element, by index. */
function points(element: DomElement | null): string[] {
  const values: string[] = [];
  if (!element) return values;
  for (const pt of descendants(element, 'pt')) {
    const index = Number(pt.getAttribute('idx') ?? values.length);
    if (Number.isInteger(index) && index >= 0 && index < 100_000) {
      values[index] = shownNumber(kid(pt, 'v')?.textContent?.trim() ?? '');
    }
  }
  return values;
}

function textOf(element: DomElement | null): string {
  if (!element) return '';
  return descendants(element, 't')
    .map((t) => t.textContent ?? '')
    .join('')
    .trim();
}

/** The chart as Markdown: title, kind ("Bar chart", "Bar and line chart"), and a table of its cached data. */
export async function chartMarkdown(zip: JSZip, part: string): Promise<string> {
  const document = await readXmlPart(zip, part);
  const chart = document ? kid(document.documentElement, 'chart') : null;
  if (!chart) return '';
  const parts: string[] = [];
  const title = textOf(kid(chart, 'title'));
  if (title) parts.push(title);
  const plotArea = kid(chart, 'plotArea');
  const plots = plotArea ? kids(plotArea).filter((el) => /Chart$/.test(el.tagName)) : [];
  const kinds = [...new Set(plots.map(plotKind))];
  if (kinds.length > 0) parts.push(`${kinds.join(' and ')} chart`);
  const series = plots.flatMap((plot) => kids(plot, 'ser'));
  if (series.length === 0) return parts.join('\n\n');
  const categories = points(kid(series[0]!, 'cat') ?? kid(series[0]!, 'xVal'));
  const columns = series.map((ser) => ({
    name: points(kid(ser, 'tx'))[0] ?? textOf(kid(ser, 'tx')),
    values: points(kid(ser, 'val') ?? kid(ser, 'yVal')),
  }));
  const length = Math.max(categories.length, ...columns.map((column) => column.values.length));
  const rows = [['', ...columns.map((column) => column.name)]];
  for (let i = 0; i < length; i += 1) {
    rows.push([categories[i] ?? '', ...columns.map((column) => column.values[i] ?? '')]);
  }
  parts.push(markdownTable(rows));
  return parts.join('\n\n');
}
