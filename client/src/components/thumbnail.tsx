import { useEffect, useRef, useState } from 'react';
import { fetchOriginal } from '../files.js';
import { loadPdf } from '../pdf.js';

/** Bigger originals get the type label only: a list should not download hundreds of megabytes. */
const MAX_BYTES = 25 * 1024 * 1024;
const WIDTH = 44;

interface Props {
  documentId: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
}

function typeLabel(filename: string, mimeType: string) {
  const ext = filename.includes('.') ? filename.split('.').pop()! : mimeType.split('/').pop()!;
  return ext.slice(0, 4).toUpperCase();
}

/**
 * A document's face in the list: the first page of a PDF (pdf.js), the picture itself for an
 * image, else its type. Drawn only once the row scrolls into view.
 */
export function Thumbnail({ documentId, filename, mimeType, sizeBytes }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [visible, setVisible] = useState(false);
  const [image, setImage] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(false);
  const isPdf = mimeType === 'application/pdf';
  const isImage = mimeType.startsWith('image/') && mimeType !== 'image/tiff';
  const wanted = (isPdf || isImage) && sizeBytes <= MAX_BYTES;

  useEffect(() => {
    const el = box.current;
    if (!el || !wanted) return;
    const observer = new IntersectionObserver(([entry]) => entry?.isIntersecting && setVisible(true), { rootMargin: '200px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [wanted]);

  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    let url: string | null = null;
    if (isImage) {
      void fetchOriginal(documentId)
        .then((blob) => {
          if (cancelled) return;
          url = URL.createObjectURL(blob);
          setImage(url);
        })
        .catch(() => {});
    } else if (isPdf) {
      void loadPdf(documentId)
        .then(async (pdf) => {
          const page = await pdf.getPage(1);
          if (cancelled || !canvas.current) return;
          const ratio = window.devicePixelRatio || 1;
          const viewport = page.getViewport({ scale: (WIDTH * ratio) / page.getViewport({ scale: 1 }).width });
          canvas.current.width = Math.floor(viewport.width);
          canvas.current.height = Math.floor(viewport.height);
          await page.render({ canvas: canvas.current, viewport }).promise;
          if (!cancelled) setDrawn(true);
        })
        .catch(() => {});
    }
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [visible, documentId, isImage, isPdf]);

  return (
    <div className="thumb" ref={box} data-thumb={drawn ? 'pdf' : image ? 'image' : 'type'} aria-hidden="true">
      {isPdf && wanted && <canvas ref={canvas} style={{ display: drawn ? 'block' : 'none' }} />}
      {image && <img src={image} alt="" />}
      {!drawn && !image && <span>{typeLabel(filename, mimeType)}</span>}
    </div>
  );
}
