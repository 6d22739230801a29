import { builder } from './builder.js';

/** Where a chunk's text sits on a PDF page, in PDF points with the origin at the top left. */
export interface PageBox {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  pageWidth: number;
  pageHeight: number;
}

export const PageBoxRef = builder.objectRef<PageBox>('PageBox').implement({
  description:
    'A rectangle of a PDF page holding part of a chunk, in PDF points, origin top-left, page 1-based. ' +
    'Scale by (rendered width / pageWidth) to draw it over a rendered page.',
  fields: (t) => ({
    page: t.exposeInt('page'),
    x: t.exposeFloat('x'),
    y: t.exposeFloat('y'),
    width: t.exposeFloat('width'),
    height: t.exposeFloat('height'),
    pageWidth: t.exposeFloat('pageWidth'),
    pageHeight: t.exposeFloat('pageHeight'),
  }),
});

/**
 * TODO(merge, issue 19): placeholder until the converter stores page boxes with each chunk;
 * the PDF page-box work replaces this with the stored boxes. Empty boxes make the web viewer
 * find the passage in the page's text layer instead.
 */
export const noBoxesYet = (): PageBox[] => [];
