/**
 * Carries Word equations through mammoth, which ignores OMML. Before conversion each equation
 * in word/document.xml is replaced by a run holding a unique token; after the HTML → Markdown
 * step the tokens are swapped for the LaTeX (`$…$` inline, `$$…$$` for display equations).
 * Tokens are letters and digits only, so no Markdown escaping can touch them on the way.
 */
import type JSZip from 'jszip';
import { ommlToLatex } from './omml.js';

const DOCUMENT_PART = 'word/document.xml';
const MATH = /<m:oMathPara\b[\s\S]*?<\/m:oMathPara>|<m:oMath\b[\s\S]*?<\/m:oMath>/g;

export type EquationTokens = Map<string, string>;

/**
 * Rewrites the package's main part in place, returning token → Markdown for each equation
 * group found (empty when the document has none, and the package is then left untouched).
 */
export async function replaceEquations(zip: JSZip): Promise<EquationTokens> {
  const tokens: EquationTokens = new Map();
  const part = zip.file(DOCUMENT_PART);
  if (!part) return tokens;
  const xml = await part.async('string');
  if (!xml.includes('<m:oMath')) return tokens;
  const rewritten = xml.replace(MATH, (omml) => {
    const display = omml.startsWith('<m:oMathPara');
    const latex = ommlToLatex(omml).filter(Boolean);
    const token = `DOCSPHEREMATH${tokens.size}X`;
    tokens.set(token, latex.map((tex) => (display ? `$$${tex}$$` : `$${tex}$`)).join('\n\n'));
    return `<w:r><w:t>${token}</w:t></w:r>`;
  });
  zip.file(DOCUMENT_PART, rewritten);
  return tokens;
}

/** Puts the equations back where their tokens ended up in the Markdown. */
export function restoreEquations(markdown: string, tokens: EquationTokens): string {
  if (tokens.size === 0) return markdown;
  return markdown
    .replace(/(DOCSPHEREMATH\d+X)(?=DOCSPHEREMATH)/g, '$1 ') // `$a$$b$` would read as one
    .replace(/DOCSPHEREMATH\d+X/g, (token) => tokens.get(token) ?? '');
}
