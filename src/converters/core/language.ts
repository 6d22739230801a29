/**
 * Document language from its text. franc answers in ISO 639-3; the API promises ISO 639-1
 * (what HTTP, HTML `lang` and most search tooling use), so codes are mapped here and a language
 * without a two-letter code is reported as unknown rather than as a code clients cannot use.
 */
import { franc } from 'franc-min';

/**
 * Below this many letters franc guesses wrong too often (its own minimum is 10): short English
 * files in the corpus came out as Dutch and Italian.
 */
const MIN_LETTERS = 100;
/**
 * franc's cost grows with the sample, and a thousand characters decide the language as well as
 * the whole text: on 400 NFCorpus notes of ~2,200 characters it named the same language for 399
 * from the first 1,000 as from all of them, in 0.96 instead of 1.5 ms each (4-7 % of the embedded
 * server's CPU per small document, BENCHMARKS.md, ingest).
 */
const SAMPLE_CHARS = 1_000;

/** Every language franc-min can answer that has an ISO 639-1 code. */
const ISO_639_1: Readonly<Record<string, string>> = {
  amh: 'am',
  arb: 'ar',
  azj: 'az',
  bel: 'be',
  ben: 'bn',
  bos: 'bs',
  bul: 'bg',
  ces: 'cs',
  cmn: 'zh',
  deu: 'de',
  ell: 'el',
  eng: 'en',
  fra: 'fr',
  guj: 'gu',
  hau: 'ha',
  hin: 'hi',
  hrv: 'hr',
  hun: 'hu',
  ibo: 'ig',
  ind: 'id',
  ita: 'it',
  jav: 'jv',
  jpn: 'ja',
  kan: 'kn',
  kaz: 'kk',
  kin: 'rw',
  kor: 'ko',
  lin: 'ln',
  mal: 'ml',
  mar: 'mr',
  mya: 'my',
  nld: 'nl',
  npi: 'ne',
  nya: 'ny',
  pan: 'pa',
  pes: 'fa',
  plt: 'mg',
  pol: 'pl',
  por: 'pt',
  ron: 'ro',
  run: 'rn',
  rus: 'ru',
  sin: 'si',
  som: 'so',
  spa: 'es',
  srp: 'sr',
  sun: 'su',
  swe: 'sv',
  swh: 'sw',
  tam: 'ta',
  tel: 'te',
  tgl: 'tl',
  tha: 'th',
  tur: 'tr',
  ukr: 'uk',
  urd: 'ur',
  uzn: 'uz',
  vie: 'vi',
  yor: 'yo',
  zlm: 'ms',
  zul: 'zu',
  pbu: 'ps',
  ckb: 'ku',
};

/** ISO 639-1 code of the text's language, or null when the text is too short or unknown. */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, SAMPLE_CHARS);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return null;
  return ISO_639_1[franc(sample, { minLength: MIN_LETTERS })] ?? null;
}

/** Normalises a declared language tag (`en-US`, `de_DE`) to its ISO 639-1 primary subtag. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2}$/.test(primary) ? primary : null;
}
