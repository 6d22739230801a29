/**
 * Text in the encodings real files arrive in, made by the iconv tool from UTF-8 text: UTF-16
 * and UTF-32 without a byte-order mark (refused as binary before), and short files in legacy
 * code pages (a short Shift-JIS CSV came out as cp1252 mojibake before). Each is detected as
 * text, CSV or mail as an upload is, and converted back to the original characters.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { convertDetected } from '../corpus.js';

const iconv = (text: string, encoding: string) => new Uint8Array(execFileSync('iconv', ['-f', 'UTF-8', '-t', encoding], { input: text }));

const SNIPPETS = {
  de: 'Grüße aus Köln: Die Straße führt über die Brücke zum Bäcker.',
  ru: 'Привет из Москвы: улица ведёт через мост к пекарне.',
  ja: '東京からこんにちは。通りは橋を渡ってパン屋へ続きます。',
  zh: '来自北京的问候：这条街道经过桥梁通往面包店。',
  tw: '來自臺北的問候：這條街道經過橋樑通往麵包店。',
  ko: '서울에서 인사드립니다. 길은 다리를 건너 빵집으로 이어집니다.',
};

const CSV = {
  ja: 'ID,名前,点数,備考\n1,田中,80,合格\n2,鈴木,95,合格\n3,佐藤,70,不合格\n',
  zh: 'ID,姓名,分数\n1,张伟,80\n2,王芳,95\n3,李娜,70\n',
  tw: 'ID,姓名,分數\n1,陳大文,80\n2,林美玲,95\n',
  ko: 'ID,이름,점수\n1,김철수,80\n2,이영희,95\n',
  ru: 'Имя,Город\nИван,Москва\nОльга,Киев\n',
  de: 'Name,Stadt\nJürgen,München\nÖzlem,Köln\n',
};

const cells = (csv: string) => csv.split(/[\n,]/).filter(Boolean);

describe('text in UTF-16 and UTF-32 without a byte-order mark', () => {
  it.each(['UTF-16LE', 'UTF-16BE', 'UTF-32LE', 'UTF-32BE'])('%s .txt in every language is read back', async (encoding) => {
    for (const snippet of Object.values(SNIPPETS)) {
      const text = `${snippet}\n${snippet}\n`;
      const result = await convertDetected(iconv(text, encoding), 'notes.txt');
      expect(result.markdown, `${encoding}: ${snippet}`).toContain(snippet);
      expect(result.metadata.encoding).toBe(encoding.toLowerCase());
    }
  });

  it.each(['UTF-16LE', 'UTF-16BE', 'UTF-32LE'])('%s CSV and e-mail are detected as such and read back', async (encoding) => {
    const csv = await convertDetected(iconv(CSV.de, encoding), 'table.csv');
    for (const cell of cells(CSV.de)) expect(csv.markdown).toContain(`| ${cell} |`);
    const mail = `From: Jürgen <j@example.org>\nTo: anna@example.org\nSubject: Grüße\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n${SNIPPETS.de}\n${SNIPPETS.ru}\n`;
    const result = await convertDetected(iconv(mail, encoding), 'message.eml');
    expect(result.title).toBe('Grüße');
    expect(result.markdown).toContain(SNIPPETS.de);
    expect(result.markdown).toContain(SNIPPETS.ru);
  });
});

describe('short files in legacy code pages', () => {
  it.each([
    ['ja', 'SHIFT_JIS'],
    ['ja', 'CP932'],
    ['zh', 'GB18030'],
    ['tw', 'BIG5'],
    ['ko', 'EUC-KR'],
    ['ru', 'CP1251'],
    ['de', 'CP1252'],
    ['de', 'ISO-8859-1'],
  ] as const)('a %s CSV in %s keeps its characters', async (language, encoding) => {
    const bytes = iconv(CSV[language], encoding);
    expect(bytes.length).toBeLessThan(80);
    const result = await convertDetected(bytes, 'table.csv');
    for (const cell of cells(CSV[language])) expect(result.markdown, encoding).toContain(`| ${cell} |`);
  });

  it.each([
    ['ja', 'SHIFT_JIS'],
    ['zh', 'GB18030'],
    ['tw', 'BIG5'],
    ['ko', 'EUC-KR'],
    ['ru', 'CP1251'],
    ['de', 'CP1252'],
  ] as const)('a one-line %s text in %s keeps its characters', async (language, encoding) => {
    const result = await convertDetected(iconv(`${SNIPPETS[language]}\n`, encoding), 'note.txt');
    expect(result.markdown.trim()).toBe(SNIPPETS[language]);
  });
});
