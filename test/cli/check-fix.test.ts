import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixCommand, fixFor } from '../../src/cli/commands/check.js';
import { run, specCopy, tempDir } from '../helpers/cli.js';

describe('pbxc check names the command that fixes what it found', () => {
  it.each([
    [['freeswitch/vars.xml'], 'pbxc build'],
    [['terraform/staging/cdk.tf.json'], 'pbxc synth'],
    [['terraform'], 'pbxc synth'],
    [['terraform/MANIFEST.json', 'phones/x/y.cfg'], 'pbxc build, then pbxc synth'],
    [['terraformish/file'], 'pbxc build'],
  ])('%j → %s', (paths, command) => {
    expect(fixCommand(paths)).toBe(command);
  });

  it('maps each file to its own fix', () => {
    expect(fixFor('terraform/production/customer-dns.txt')).toBe('pbxc synth');
    expect(fixFor('MANIFEST.json')).toBe('pbxc build');
  });

  it('says synth when only the Terraform tree is stale, build when only the configuration is', async () => {
    const spec = specCopy();
    const out = `${tempDir('check-fix-')}/generated`;
    expect((await run(['build', '--spec', spec, '--out', out])).code).toBe(0);
    mkdirSync(`${out}/terraform`);
    writeFileSync(`${out}/terraform/MANIFEST.json`, '{}\n');
    const tf = await run(['check', '--spec', spec, '--out', out]);
    expect(tf.code).toBe(1);
    expect(tf.stderr).toMatch(/files differ\): run pbxc synth$/m);
    writeFileSync(`${out}/MANIFEST.json`, '{}\n');
    const both = await run(['check', '--spec', spec, '--out', out]);
    expect(both.stderr).toMatch(/run pbxc build, then pbxc synth$/m);
  });
});
