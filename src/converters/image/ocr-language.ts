/**
 * Which OCR language reads a page, chosen among the allowed ones (`OCR_LANGUAGES`, or what the
 * upload asked for). Reading German with the English model drops its umlauts ("Säcke" comes out
 * as "Sacke"), and reading with every allowed model at once costs several times one model's time
 * (when a later model must retry most words), so the leading model is chosen per page:
 *
 * 1. the script tesseract's OSD found narrows the allowed languages to those written in it;
 * 2. a first reading with them, the first one leading, is enough for franc to tell the language
 *    from the words (German reads as German even where the English model dropped an umlaut);
 *    when it names another allowed language, the page is read again with that one leading.
 */
import { franc } from 'franc-min';

/** Tesseract languages by the OSD script they are written in; a language not listed is Latin. */
const SCRIPT_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  Cyrillic: ['rus', 'ukr', 'bel', 'bul', 'mkd', 'srp', 'kaz', 'kir', 'tgk', 'mon', 'uzb_cyrl'],
  Greek: ['ell', 'grc'],
  Han: ['chi_sim', 'chi_tra', 'jpn'],
  Japanese: ['jpn'],
  Hiragana: ['jpn'],
  Katakana: ['jpn'],
  Korean: ['kor'],
  Hangul: ['kor'],
  Arabic: ['ara', 'fas', 'urd', 'pus', 'uig'],
  Hebrew: ['heb', 'yid'],
  Devanagari: ['hin', 'mar', 'nep', 'san'],
  Thai: ['tha'],
};

const NON_LATIN = new Set(Object.values(SCRIPT_LANGUAGES).flat());

/** Where tesseract's code and franc's ISO 639-3 code differ; elsewhere they are the same. */
const FRANC_CODE: Readonly<Record<string, string>> = {
  chi_sim: 'cmn',
  chi_tra: 'cmn',
  ara: 'arb',
  fas: 'pes',
  nep: 'npi',
  uzb_cyrl: 'uzn',
};

/**
 * Franc needs this many letters to tell close languages apart reliably; a shorter reading (a
 * label, a receipt line) keeps the first language.
 */
const MIN_LETTERS = 60;

/**
 * The allowed languages written in `script`, in their given order; all of them when OSD found
 * no script or none of them is written in it (the page is then read as it would be without OSD).
 */
export function languagesForScript(allowed: readonly string[], script: string | undefined): string[] {
  if (!script || script === 'Common') return [...allowed];
  const inScript = SCRIPT_LANGUAGES[script];
  const matching = allowed.filter((code) => (inScript ? inScript.includes(code) : script === 'Latin' && !NON_LATIN.has(code)));
  return matching.length > 0 ? matching : [...allowed];
}

/**
 * The language of a first reading among `candidates`, or undefined when the text is too short
 * or franc cannot tell.
 */
export function guessLanguage(text: string, candidates: readonly string[]): string | undefined {
  if (candidates.length < 2) return candidates[0];
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return undefined;
  const byFranc = new Map(candidates.map((code) => [FRANC_CODE[code] ?? code, code]));
  const guess = franc(text.slice(0, 8_000), { only: [...byFranc.keys()], minLength: MIN_LETTERS });
  return byFranc.get(guess);
}
