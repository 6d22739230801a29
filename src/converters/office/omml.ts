/**
 * Office Math (OMML) → LaTeX. mammoth drops equations entirely, which loses real content in
 * technical documents; LaTeX is what Markdown renderers (`$…$`) and people reading the text
 * both understand, and what docling's reference conversions use.
 */
import { parseXmlDocument, type DomElement } from '../core/dom.js';

const SYMBOLS: Readonly<Record<string, string>> = {
  α: '\\alpha',
  β: '\\beta',
  γ: '\\gamma',
  δ: '\\delta',
  ε: '\\epsilon',
  ζ: '\\zeta',
  η: '\\eta',
  θ: '\\theta',
  ι: '\\iota',
  κ: '\\kappa',
  λ: '\\lambda',
  μ: '\\mu',
  ν: '\\nu',
  ξ: '\\xi',
  π: '\\pi',
  ρ: '\\rho',
  σ: '\\sigma',
  τ: '\\tau',
  υ: '\\upsilon',
  φ: '\\phi',
  χ: '\\chi',
  ψ: '\\psi',
  ω: '\\omega',
  Γ: '\\Gamma',
  Δ: '\\Delta',
  Θ: '\\Theta',
  Λ: '\\Lambda',
  Ξ: '\\Xi',
  Π: '\\Pi',
  Σ: '\\Sigma',
  Φ: '\\Phi',
  Ψ: '\\Psi',
  Ω: '\\Omega',
  '∞': '\\infty',
  '±': '\\pm',
  '∓': '\\mp',
  '×': '\\times',
  '÷': '\\div',
  '·': '\\cdot',
  '≤': '\\leq',
  '≥': '\\geq',
  '≠': '\\neq',
  '≈': '\\approx',
  '≡': '\\equiv',
  '→': '\\rightarrow',
  '←': '\\leftarrow',
  '⇒': '\\Rightarrow',
  '∂': '\\partial',
  '∇': '\\nabla',
  '∈': '\\in',
  '∉': '\\notin',
  '⊂': '\\subset',
  '∪': '\\cup',
  '∩': '\\cap',
  '∀': '\\forall',
  '∃': '\\exists',
  '…': '\\ldots',
  '⋯': '\\cdots',
  '∑': '\\sum',
  '∏': '\\prod',
  '∫': '\\int',
  '∬': '\\iint',
  '∮': '\\oint',
};

/** Function names LaTeX typesets upright with a command of their own. */
const FUNCTIONS = new Set([
  'sin',
  'cos',
  'tan',
  'cot',
  'sec',
  'csc',
  'arcsin',
  'arccos',
  'arctan',
  'sinh',
  'cosh',
  'tanh',
  'log',
  'ln',
  'lg',
  'exp',
  'lim',
  'max',
  'min',
  'sup',
  'inf',
  'det',
  'gcd',
  'arg',
]);

const ACCENTS: Readonly<Record<string, string>> = {
  '\u0302': '\\hat',
  '\u0303': '\\tilde',
  '\u0307': '\\dot',
  '\u0308': '\\ddot',
  '\u0304': '\\bar',
  '\u20d7': '\\vec',
};

function symbol(char: string): string {
  const command = SYMBOLS[char];
  return command ? `${command} ` : char;
}

function child(element: DomElement, name: string): DomElement | undefined {
  return Array.from(element.children).find((node) => node.nodeName === name);
}

/** A property value such as <m:dPr><m:begChr m:val="["/></m:dPr>. */
function property(element: DomElement, props: string, name: string): string | null {
  const prop = child(element, props);
  const node = prop && child(prop, name);
  return node ? (node.getAttribute('m:val') ?? '') : null;
}

function arg(element: DomElement, name: string): string {
  const node = child(element, name);
  return node ? latexOf(node) : '';
}

function scripts(element: DomElement): string {
  const sub = arg(element, 'm:sub');
  const sup = arg(element, 'm:sup');
  return (sub ? `_{${sub}}` : '') + (sup ? `^{${sup}}` : '');
}

function functionName(element: DomElement): string {
  const name = arg(element, 'm:fName').trim();
  return FUNCTIONS.has(name) ? `\\${name}` : name;
}

function rows(element: DomElement, name: string, separator: string): string {
  return Array.from(element.children)
    .filter((node) => node.nodeName === name)
    .map(latexOf)
    .join(separator);
}

/** LaTeX for one OMML element; unknown elements contribute their children's LaTeX. */
function latexOf(element: DomElement): string {
  switch (element.nodeName) {
    case 'm:r':
      return Array.from(element.children)
        .filter((node) => node.nodeName === 'm:t')
        .map((node) =>
          Array.from(node.textContent ?? '')
            .map(symbol)
            .join(''),
        )
        .join('');
    case 'm:f':
      return `\\frac{${arg(element, 'm:num')}}{${arg(element, 'm:den')}}`;
    case 'm:sSup':
    case 'm:sSub':
    case 'm:sSubSup':
      return `${arg(element, 'm:e')}${scripts(element)}`;
    case 'm:sPre':
      return `{}${scripts(element)}${arg(element, 'm:e')}`;
    case 'm:rad': {
      const degree = arg(element, 'm:deg');
      return `\\sqrt${degree ? `[${degree}]` : ''}{${arg(element, 'm:e')}}`;
    }
    case 'm:d': {
      const open = property(element, 'm:dPr', 'm:begChr') ?? '(';
      const close = property(element, 'm:dPr', 'm:endChr') ?? ')';
      const separator = property(element, 'm:dPr', 'm:sepChr') ?? ',';
      return `\\left${open || '.'}${rows(element, 'm:e', separator)}\\right${close || '.'}`;
    }
    case 'm:nary': {
      const operator = symbol(property(element, 'm:naryPr', 'm:chr') || '∫').trim();
      return `${operator}${scripts(element)}{${arg(element, 'm:e')}}`;
    }
    case 'm:func':
      return `${functionName(element)}{${arg(element, 'm:e')}}`;
    case 'm:limLow':
      return `${arg(element, 'm:e')}_{${arg(element, 'm:lim')}}`;
    case 'm:limUpp':
      return `${arg(element, 'm:e')}^{${arg(element, 'm:lim')}}`;
    case 'm:acc':
      return `${ACCENTS[property(element, 'm:accPr', 'm:chr') ?? '\u0302'] ?? '\\hat'}{${arg(element, 'm:e')}}`;
    case 'm:bar':
      return `\\overline{${arg(element, 'm:e')}}`;
    case 'm:m':
      return `\\begin{matrix}${rows(element, 'm:mr', ' \\\\ ')}\\end{matrix}`;
    case 'm:mr':
      return rows(element, 'm:e', ' & ');
    case 'm:eqArr': {
      const lines = Array.from(element.children).filter((node) => node.nodeName === 'm:e');
      const body = lines.map(latexOf).join(' \\\\ ');
      return lines.length > 1 ? `\\begin{array}{l}${body}\\end{array}` : body;
    }
    default:
      if (element.nodeName.endsWith('Pr')) return '';
      return Array.from(element.children).map(latexOf).join('');
  }
}

/** LaTeX for each equation (<m:oMath>) in an OMML fragment, in document order. */
export function ommlToLatex(xml: string): string[] {
  const root = parseXmlDocument(`<root>${xml}</root>`).documentElement;
  const equations = root.querySelectorAll('m\\:oMath');
  return Array.from(equations).map((equation) => latexOf(equation).replace(/\s+/g, ' ').trim());
}
