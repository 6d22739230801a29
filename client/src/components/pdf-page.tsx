import { TextLayer, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { findPassageItems } from '../passage.js';
import { loadPdf } from '../pdf.js';

/** A PageBox of the API: PDF points, origin top-left. */
export interface Box {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  pageWidth: number;
  pageHeight: number;
}

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface Props {
  documentId: string;
  page: number;
  /** Boxes of the cited passage on this page; when empty, `passage` is looked up in the text. */
  boxes: readonly Box[];
  passage: string | null;
  onPageCount?: (n: number) => void;
}

/** Rectangles in CSS pixels of the rendered page, from boxes in PDF points. */
function scaleBoxes(boxes: readonly Box[], width: number, height: number): Rect[] {
  return boxes.map((b) => {
    const sx = width / b.pageWidth;
    const sy = height / b.pageHeight;
    return { left: b.x * sx, top: b.y * sy, width: b.width * sx, height: b.height * sy };
  });
}

/** Rectangles of the text layer's spans that hold the passage, relative to the page. */
function spanRects(layer: TextLayer, container: HTMLElement, passage: string): Rect[] {
  const origin = container.getBoundingClientRect();
  return findPassageItems(layer.textContentItemsStr, passage).flatMap((i) => {
    const span = layer.textDivs[i];
    if (!span) return [];
    span.classList.add('passage');
    const r = span.getBoundingClientRect();
    return [{ left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height }];
  });
}

/**
 * One PDF page drawn by pdf.js at the width of its column (sharp on high-DPI screens), with
 * pdf.js's text layer on top (so text can be selected and copied) and the cited passage marked:
 * from the chunk's page boxes when the API has them, else by finding its text in the layer.
 */
export function PdfPage({ documentId, page, boxes, passage, onPageCount }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const textLayer = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [state, setState] = useState<{ error?: string; rendered: boolean; marks: Rect[]; source: 'boxes' | 'text' }>({
    rendered: false,
    marks: [],
    source: 'text',
  });

  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!width) return;
    let cancelled = false;
    let task: RenderTask | undefined;
    let layer: TextLayer | undefined;
    const run = async (pdf: PDFDocumentProxy) => {
      onPageCount?.(pdf.numPages);
      const p = await pdf.getPage(Math.min(Math.max(1, page), pdf.numPages));
      if (cancelled) return;
      const scale = width / p.getViewport({ scale: 1 }).width;
      const viewport = p.getViewport({ scale });
      const c = canvas.current!;
      const ratio = window.devicePixelRatio || 1;
      c.width = Math.floor(viewport.width * ratio);
      c.height = Math.floor(viewport.height * ratio);
      c.style.width = `${viewport.width}px`;
      c.style.height = `${viewport.height}px`;
      task = p.render({ canvas: c, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      await task.promise;
      if (cancelled) return;
      const container = textLayer.current!;
      container.replaceChildren();
      container.parentElement!.style.setProperty('--total-scale-factor', String(scale));
      layer = new TextLayer({ textContentSource: p.streamTextContent(), container, viewport });
      await layer.render();
      if (cancelled) return;
      const onPage = boxes.filter((b) => b.page === page);
      const marks = onPage.length
        ? scaleBoxes(onPage, viewport.width, viewport.height)
        : passage
          ? spanRects(layer, container.parentElement!, passage)
          : [];
      setState({ rendered: true, marks, source: onPage.length ? 'boxes' : 'text' });
    };
    setState((s) => ({ ...s, rendered: false, marks: [] }));
    loadPdf(documentId)
      .then(run)
      .catch((err: unknown) => {
        if (!cancelled && !(err instanceof Error && err.name === 'RenderingCancelledException'))
          setState({ rendered: false, marks: [], source: 'text', error: err instanceof Error ? err.message : String(err) });
      });
    return () => {
      cancelled = true;
      task?.cancel();
      layer?.cancel();
    };
  }, [documentId, page, width, boxes, passage, onPageCount]);

  // Bring the passage into view once it is drawn.
  useEffect(() => {
    const first = frame.current?.querySelector('.pdf-highlight');
    first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [state.marks]);

  return (
    <div className="pdf-frame" ref={frame}>
      {state.error && <p className="error">{state.error}</p>}
      <div className="pdf-page" data-page={page} data-rendered={state.rendered ? 'true' : 'false'}>
        <canvas ref={canvas} aria-label={`Page ${page}`} role="img" />
        <div className="textLayer" ref={textLayer} />
        {state.marks.map((m, i) => (
          <div
            key={i}
            className="pdf-highlight"
            data-source={state.source}
            style={{ left: m.left, top: m.top, width: m.width, height: m.height }}
          />
        ))}
      </div>
    </div>
  );
}
