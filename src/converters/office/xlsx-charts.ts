/**
 * Charts of XLSX workbooks, by sheet. SheetJS reads cells but not drawings, so the charts a
 * sheet shows (and chart sheets, which hold nothing else) are found here through the package's
 * relationships: workbook → sheet → drawing → chart, and rendered by the shared chart reader.
 */
import type JSZip from 'jszip';
import { chartMarkdown } from './ooxml-chart.js';
import { attr, descendants, readRelationships, readXmlPart } from '../core/zip-xml.js';

/** Chart Markdown per sheet name; sheets without charts are absent. */
export async function xlsxChartsBySheet(zip: JSZip): Promise<Map<string, string[]>> {
  const charts = new Map<string, string[]>();
  const workbook = await readXmlPart(zip, 'xl/workbook.xml');
  if (!workbook) return charts;
  const workbookRels = await readRelationships(zip, 'xl/workbook.xml');
  for (const sheet of descendants(workbook.documentElement, 'sheet')) {
    const name = attr(sheet, 'name');
    const part = workbookRels.get(attr(sheet, 'id') ?? '');
    if (!name || !part || part.external) continue;
    const found: string[] = [];
    for (const drawing of (await readRelationships(zip, part.target)).values()) {
      if (drawing.external || !drawing.type.endsWith('/drawing')) continue;
      for (const chart of (await readRelationships(zip, drawing.target)).values()) {
        if (chart.external || !chart.type.endsWith('/chart')) continue;
        const markdown = await chartMarkdown(zip, chart.target);
        if (markdown) found.push(markdown);
      }
    }
    if (found.length > 0) charts.set(name, found);
  }
  return charts;
}
