/**
 * Tiny hand-built PDFs for tests that need exact control over layout (columns, fonts, running
 * headers) or a property the corpus lacks (a real user password). Standard 14 fonts only, so
 * PDFium needs no embedded font programs.
 */

export interface TextOp {
  x: number;
  y: number;
  size: number;
  text: string;
  bold?: boolean;
  /** A font of `PdfSpec.fonts` by its resource name, instead of Helvetica. */
  font?: string;
}

/** A non-embedded font whose only hints of its style are in its descriptor. */
export interface FontSpec {
  baseFont: string;
  /** Descriptor /Flags (bit 7 italic, bit 19 force bold). */
  flags: number;
  /** Descriptor /StemV (default 80): the stem width PDFium derives a font's weight from. */
  stemV?: number;
}

export interface PdfSpec {
  pages: TextOp[][];
  /** Raw entries of the info dictionary, e.g. `/Title (Report)`. */
  info?: string;
  /** Add a standard security handler whose user password is not empty. */
  encrypted?: boolean;
  /** Extra fonts by resource name, e.g. `{ F3: { baseFont: 'Corpo', flags: 262176 } }`. */
  fonts?: Record<string, FontSpec>;
}

/** Literal string with PDF escapes; "•" goes through WinAnsi code 0x95. */
function pdfString(text: string): string {
  const body = text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/•/g, '\\225');
  return `(${body})`;
}

function contentStream(ops: TextOp[]): string {
  return ops
    .map((op) => `BT /${op.font ?? (op.bold ? 'F2' : 'F1')} ${op.size} Tf 1 0 0 1 ${op.x} ${op.y} Tm ${pdfString(op.text)} Tj ET`)
    .join('\n');
}

/** Assemble objects with a correct cross-reference table. */
export function buildPdf(spec: PdfSpec): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pages = add('');
  const regular = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const extra = Object.entries(spec.fonts ?? {}).map(([name, f]) => {
    const descriptor = add(
      `<< /Type /FontDescriptor /FontName /${f.baseFont} /Flags ${f.flags} /FontBBox [0 -200 1000 900] /ItalicAngle ${f.flags & 64 ? -12 : 0} ` +
        `/Ascent 900 /Descent -200 /CapHeight 700 /StemV ${f.stemV ?? 80} >>`,
    );
    return ` /${name} ${add(`<< /Type /Font /Subtype /Type1 /BaseFont /${f.baseFont} /FontDescriptor ${descriptor} 0 R >>`)} 0 R`;
  });
  const kids: number[] = [];
  for (const ops of spec.pages) {
    const stream = contentStream(ops);
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 612 792] /Contents ${content} 0 R ` +
          `/Resources << /Font << /F1 ${regular} 0 R /F2 ${bold} 0 R${extra.join('')} >> >> >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pages} 0 R >>`;
  objects[pages - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = spec.info ? add(`<< ${spec.info} >>`) : undefined;
  // Arbitrary O/U values: no password, empty or otherwise, matches them.
  const encrypt = spec.encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /P -44 /O <${'6f'.repeat(32)}> /U <${'75'.repeat(32)}> >>`)
    : undefined;

  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  const id = '<0123456789abcdef0123456789abcdef>';
  out +=
    `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R` +
    (info ? ` /Info ${info} 0 R` : '') +
    (encrypt ? ` /Encrypt ${encrypt} 0 R` : '') +
    ` /ID [${id} ${id}] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** Lines of text set top-down from `y` with the given leading. */
export function column(x: number, y: number, size: number, leading: number, lines: string[]): TextOp[] {
  return lines.map((text, i) => ({ x, y: y - i * leading, size, text }));
}
