import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brief } from '../../src/deploy/agent/exec.js';
import { safeToolDetail } from '../../src/deploy/tool-output.js';
import { tempDir } from '../helpers/cli.js';

const SECRET = 'Zq7x&secret';

describe('safeToolDetail: tool output fit for state.json and status', () => {
  it('keeps xmllint message lines, drops the quoted source line and caret (real xmllint)', () => {
    const probe = spawnSync('xmllint', ['--version']);
    if (probe.error) {
      console.log('SKIPPED: xmllint not installed');
      return;
    }
    const file = join(tempDir(), 'gateway.xml');
    writeFileSync(file, `<include>\n<param name="password" value="${SECRET}"/>\n</includ>\n`);
    const r = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
    const output = `${r.stdout}${r.stderr}`;
    expect(output).toContain(SECRET); // the tool itself quotes the password ...
    expect(brief(output)).toContain('Zq7x'); // ... and the old one-liner carried it on
    const detail = safeToolDetail(output);
    expect(detail).not.toContain('Zq7x');
    expect(detail).toContain(`${file}:2: parser error`);
    expect(detail).toMatch(/lines of tool output withheld/);
  });

  it.each([
    [
      'nginx: [emerg] unknown directive "Zq7x" in /etc/nginx/site.conf:12',
      'nginx: [emerg] unknown directive … in /etc/nginx/site.conf:12',
    ],
    ["/x.xml:3: parser error : Attribute 'Zq7x' redefined", '/x.xml:3: parser error : Attribute … redefined'],
    [
      'Zq7x-a-bare-line-from-the-file\n/x.xml:1: error',
      '/x.xml:1: error (1 line of tool output withheld: they may quote file content)',
    ],
    [
      '\u001b[31mZq7x\u001b[0m',
      'the tool failed without a message line (1 line of tool output withheld: they may quote file content)',
    ],
  ])('%j', (output, detail) => {
    expect(safeToolDetail(output)).toBe(detail);
  });

  it('is bounded', () => {
    const output = Array.from({ length: 10_000 }, (_, i) => `/x.xml:${i}: error ${'e'.repeat(100)}`).join(
      '\n',
    );
    expect(safeToolDetail(output).length).toBeLessThan(600);
  });
});
