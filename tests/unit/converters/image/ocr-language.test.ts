/**
 * OCR language choice (issue 15, class 6): a German page read with the English model loses
 * its umlauts. Pages are rendered in the test by headless Chromium from German and French
 * prose (public-domain texts: the Grimms' "Bremer Stadtmusikanten", Hugo's "Les Misérables"),
 * and read with the full allowed set, as the server's default OCR_LANGUAGES does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terminateOcr } from '../../../../src/converters/image/ocr.js';
import { guessLanguage, languagesForScript } from '../../../../src/converters/image/ocr-language.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { convertDetected, corpusFile, hasCorpus, hasTool } from '../corpus.js';

const ALLOWED = ['eng', 'deu', 'fra'];

const GERMAN = `Es hatte ein Mann einen Esel, der schon lange Jahre die Säcke unverdrossen zur Mühle getragen
hatte, dessen Kräfte aber nun zu Ende gingen, so dass er zur Arbeit nicht mehr taugte. Da dachte der Herr
daran, ihn aus dem Futter zu schaffen. Aber der Esel merkte, dass kein guter Wind wehte, lief fort und
machte sich auf den Weg nach Bremen; dort, meinte er, könnte er ja Stadtmusikant werden.`;

const FRENCH = `En 1815, M. Charles-François-Bienvenu Myriel était évêque de Digne. C'était un vieillard
d'environ soixante-quinze ans; il occupait le siège de Digne depuis 1806. Quoique ce détail ne touche en
aucune manière au fond même de ce que nous avons à raconter, il n'est peut-être pas inutile, ne fût-ce que
pour être exact en tout, d'indiquer ici les bruits et les propos qui avaient couru sur son compte au moment
où il était arrivé dans le diocèse.`;

const browser = hasTool('chromium', ['--version']);
const work = mkdtempSync(path.join(tmpdir(), 'ocr-language-'));

/** A page of `text` in a serif font, as a PNG screenshot by headless Chromium. */
function renderPage(name: string, lang: string, text: string): Uint8Array {
  const html = path.join(work, `${name}.html`);
  const png = path.join(work, `${name}.png`);
  writeFileSync(
    html,
    `<html lang="${lang}"><meta charset="utf-8"><body style="font:22px serif;margin:40px;background:#fff"><p>${text}</p></body></html>`,
  );
  execFileSync(
    'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--hide-scrollbars',
      `--screenshot=${png}`,
      '--window-size=1000,500',
      `file://${html}`,
    ],
    { stdio: 'ignore' },
  );
  return new Uint8Array(readFileSync(png));
}

const read = (bytes: Uint8Array, languages = ALLOWED) => convertDetected(bytes, undefined, { ...defaultConvertOptions, languages });

afterAll(async () => {
  await terminateOcr();
  rmSync(work, { recursive: true, force: true });
});

describe('OCR language choice', () => {
  it('narrows the allowed languages to the script OSD found, keeping their order', () => {
    expect(languagesForScript(['eng', 'rus', 'deu'], 'Latin')).toEqual(['eng', 'deu']);
    expect(languagesForScript(['eng', 'rus', 'deu'], 'Cyrillic')).toEqual(['rus']);
    // No script found, or none of the allowed written in it: the page is read as without OSD.
    expect(languagesForScript(['eng', 'deu'], undefined)).toEqual(['eng', 'deu']);
    expect(languagesForScript(['eng', 'deu'], 'Han')).toEqual(['eng', 'deu']);
  });

  it('tells German from a reading that lost its umlauts, and keeps short text undecided', () => {
    const withoutUmlauts = GERMAN.replace(/ä/g, 'a').replace(/ü/g, 'ii').replace(/ö/g, 'o');
    expect(guessLanguage(withoutUmlauts, ALLOWED)).toBe('deu');
    expect(guessLanguage(FRENCH, ALLOWED)).toBe('fra');
    expect(guessLanguage('Total 12,50', ALLOWED)).toBeUndefined();
  });

  describe.skipIf(!browser)('pages rendered by Chromium', () => {
    it('reads a German page with the German model: umlauts survive', { timeout: 180_000 }, async () => {
      const result = await read(renderPage('de', 'de', GERMAN));
      expect(result.metadata['ocrLanguages']).toEqual(['deu']);
      for (const word of ['Säcke', 'Mühle', 'Kräfte', 'könnte']) expect(result.text).toContain(word);
    });

    it('reads a French page with the French model: accents survive', { timeout: 180_000 }, async () => {
      const result = await read(renderPage('fr', 'fr', FRENCH));
      expect(result.metadata['ocrLanguages']).toEqual(['fra']);
      for (const word of ['était', 'évêque', 'siège', 'manière', 'où']) expect(result.text).toContain(word);
    });

    it('reads as told when one language is given, even for a German page', { timeout: 180_000 }, async () => {
      const result = await read(renderPage('de-told', 'de', GERMAN), ['eng']);
      expect(result.metadata['ocrLanguages']).toEqual(['eng']);
      expect(result.text).not.toContain('Säcke');
    });
  });

  it.skipIf(!hasCorpus)('keeps an English page in English', { timeout: 120_000 }, async () => {
    const result = await read(corpusFile('webp/webp-test.webp'));
    expect(result.metadata['ocrLanguages']).toEqual(['eng']);
    expect(result.text).toContain('Docling bundles PDF document conversion');
  });
});
