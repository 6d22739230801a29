import { readdirSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../src/converters/registry.js';
import { terminateOcr } from '../../../../src/converters/image/ocr.js';
import { convertDetected, corpusFile, corpusRoot, hasCorpus } from '../corpus.js';

const convertBytes = convertDetected;

const convertCorpus = (relative: string) => convertBytes(corpusFile(relative), path.basename(relative));

function corpusFiles(folder: string, extension: RegExp): string[] {
  return readdirSync(path.join(corpusRoot, folder))
    .filter((name) => extension.test(name))
    .map((name) => `${folder}/${name}`);
}

afterAll(() => terminateOcr());

describe('mail detection', () => {
  it('recognises RFC 822 messages by their header block, whatever the name', async () => {
    const mail = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: Hi\r\n\r\nBody\r\n';
    expect((await detectFormat(new TextEncoder().encode(mail), 'upload.txt'))?.mimeType).toBe('message/rfc822');
    const notes = 'Subject: minutes\nDate: Monday\nAttendees: Ann, Bob\n\nWe met.';
    expect((await detectFormat(new TextEncoder().encode(notes), 'notes.txt'))?.mimeType).toBe('text/plain');
    const prose = 'Dear Bob,\nFrom: the desk of Alice\n';
    expect((await detectFormat(new TextEncoder().encode(prose)))?.mimeType).toBe('text/plain');
  });

  it.skipIf(!hasCorpus)('detects every corpus EML and MSG from the bytes', async () => {
    for (const file of [...corpusFiles('tika', /\.eml$/), ...corpusFiles('email', /\.eml$/)]) {
      expect((await detectFormat(corpusFile(file).subarray(0, 65536)))?.mimeType, file).toBe('message/rfc822');
    }
    for (const file of [...corpusFiles('tika', /\.msg$/), ...corpusFiles('email', /\.msg$/)]) {
      expect((await detectFormat(corpusFile(file).subarray(0, 65536)))?.mimeType, file).toBe('application/vnd.ms-outlook');
    }
  });
});

describe.skipIf(!hasCorpus)('EML', () => {
  it('renders headers, body and attachment text', async () => {
    const result = await convertCorpus('email/eml_with_attachment.eml');
    expect(result.title).toBe('Email with Attachment');
    expect(result.markdown).toMatch(/^# Email with Attachment\n\n- \*\*From:\*\* Alice Example/);
    expect(result.markdown).toContain('- **To:** Bob Example');
    expect(result.text).toContain('This email contains an attachment.');
    expect(result.markdown).toContain('## Attachment: test.txt');
    expect(result.text).toContain('This is a test attachment file.');
    expect(result.metadata.authors).toEqual(['Alice Example <alice@example.com>']);
  });

  it('prefers the HTML body and converts it to Markdown', async () => {
    const result = await convertCorpus('tika/testEML_embedded_xhtml_and_img.eml');
    expect(result.markdown).toContain('[XHTML document](http://www.w3.org/TR/xhtml1/)');
    expect(result.metadata.created).toBe('2018-03-21T22:14:32.000Z');
  });

  it('converts attachments recursively through the registry (a zip inside a mail)', async () => {
    const zip = new JSZip();
    zip.file('minutes/notes.html', '<html><body><p>Budget approved unanimously.</p></body></html>');
    const base64 = Buffer.from(await zip.generateAsync({ type: 'uint8array' })).toString('base64');
    const mail = [
      'From: Ann <ann@example.com>',
      'To: bob@example.com',
      'Subject: Minutes',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'See the archive.',
      '--b1',
      'Content-Type: application/zip; name="minutes.zip"',
      'Content-Disposition: attachment; filename="minutes.zip"',
      'Content-Transfer-Encoding: base64',
      '',
      base64,
      '--b1--',
      '',
    ].join('\r\n');
    const result = await convertBytes(new TextEncoder().encode(mail), 'minutes.eml');
    expect(result.markdown).toContain('## Attachment: minutes.zip');
    expect(result.markdown).toContain('### minutes/notes.html');
    expect(result.text).toContain('Budget approved unanimously.');
  });

  it('converts every corpus EML to non-empty text', async () => {
    for (const file of [...corpusFiles('tika', /\.eml$/), ...corpusFiles('email', /\.eml$/)]) {
      const result = await convertCorpus(file);
      expect(result.text.trim().length, file).toBeGreaterThan(20);
    }
  });
});

describe.skipIf(!hasCorpus)('MSG', () => {
  it('renders headers, body and attachments; a fake PDF is skipped with a warning', async () => {
    const result = await convertCorpus('email/msg_with_attachment.msg');
    expect(result.title).toBe('Email with Attachment');
    expect(result.markdown).toContain('- **From:** Alice Example');
    expect(result.text).toContain('This email contains an attachment.');
    expect(result.markdown).toContain('## Attachment: test.txt');
    expect(result.text).toContain('This is a test attachment file.');
    expect(result.metadata.warnings).toEqual(['report.pdf: not extracted (corrupt document)']);
  });

  it('converts an embedded message as a message, and a PDF attachment as a PDF', async () => {
    const result = await convertCorpus('tika/testMSG_att_msg.msg');
    expect(result.markdown).toContain('## Attachment: Test Attachment.msg\n\n### Test Attachment');
    expect(result.text).toContain('Blah blah blah');
    expect(result.markdown).toContain('## Attachment: smbprn.00009008.KdcPjl.pdf');
    expect(result.markdown).not.toContain('/O=PHILLIPS');
  });

  it('decodes items stored in an ANSI codepage (Big5)', async () => {
    const result = await convertCorpus('tika/testMSG_chinese.msg');
    expect(result.title).toBe('Alfresco MSG format testing ( MSG 格式測試 )');
    expect(result.text).toContain('中文測試');
  });

  it('converts every corpus MSG (mails, appointments, contacts, tasks, notes) to non-empty text', async () => {
    for (const file of [...corpusFiles('tika', /\.msg$/), ...corpusFiles('email', /\.msg$/)]) {
      const result = await convertCorpus(file);
      expect(result.text.trim().length, file).toBeGreaterThan(20);
      expect(result.title, file).toBeTruthy();
    }
  });
});
