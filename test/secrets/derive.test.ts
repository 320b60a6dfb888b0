import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derive, PASSWORD_LENGTH } from '../../src/secrets/derive.js';
import { PLACEHOLDER_PATTERN, placeholder, secretEnvName } from '../../src/secrets/placeholder.js';
import { collectSecrets, missingSecrets } from '../../src/secrets/resolver.js';
import { csvField, escapeXml, lineValue } from '../../src/util/escape.js';
import { exampleModel } from '../helpers/example.js';

describe('derived secrets', () => {
  it('are stable, letters and digits only, at least 20 characters; PINs are 6 digits', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 16 }), fc.string(), fc.nat(1000), (key, id, rev) => {
        const password = derive(key, id, rev, 'password');
        expect(password).toMatch(/^[A-Za-z0-9]+$/);
        expect(password.length).toBeGreaterThanOrEqual(20);
        expect(password).toBe(derive(key, id, rev, 'password'));
        expect(derive(key, id, rev, 'pin')).toMatch(/^[0-9]{6}$/);
      }),
    );
    expect(PASSWORD_LENGTH).toBeGreaterThanOrEqual(20);
  });

  it('change with the revision, the object and the key', () => {
    const base = derive('k'.repeat(16), 'xynap/extension/1000/sip-password', 0, 'password');
    expect(derive('k'.repeat(16), 'xynap/extension/1000/sip-password', 1, 'password')).not.toBe(base);
    expect(derive('k'.repeat(16), 'xynap/extension/1001/sip-password', 0, 'password')).not.toBe(base);
    expect(derive('j'.repeat(16), 'xynap/extension/1000/sip-password', 0, 'password')).not.toBe(base);
  });

  it('has a fixed known value (the derivation is a contract: changing it rotates every password)', () => {
    expect(derive('test-master-key-0123456789', 'xynap/extension/1000/sip-password', 0, 'password')).toBe(
      derive('test-master-key-0123456789', 'xynap/extension/1000/sip-password', 0, 'password'),
    );
    expect(derive('0123456789abcdef0123', 'xynap/extension/1000/sip-password', 0, 'password')).toBe(
      'jbGSBUTYaRnopZFhtcDccOCA',
    );
    expect(derive('0123456789abcdef0123', 'xynap/extension/1000/voicemail-pin', 0, 'pin')).toBe('911435');
  });
});

describe('placeholders', () => {
  it('name the secret and its revision and survive every escaping unchanged', () => {
    const p = placeholder({ kind: 'named', name: 'telekom-trunk', rev: 3 });
    expect(p).toBe('PBXC_SECRET(telekom-trunk@r3)');
    const d = placeholder({
      kind: 'derived',
      id: 'xynap/extension/1000/sip-password',
      format: 'password',
      rev: 0,
    });
    for (const s of [p, d]) {
      expect(escapeXml(s)).toBe(s);
      expect(csvField(s)).toBe(s);
      expect(lineValue(s)).toBe(s);
      expect(s).not.toContain('$');
      expect(s.match(PLACEHOLDER_PATTERN)).toEqual([s]);
    }
  });

  it('map secret names to environment variables', () => {
    expect(secretEnvName('telekom-trunk')).toBe('PBXC_SECRET_TELEKOM_TRUNK');
  });
});

describe('secret inventory', () => {
  it('finds every secret of the example and which are missing', async () => {
    const refs = collectSecrets(await exampleModel());
    expect(refs.filter((r) => r.kind === 'named').map((r) => r.kind === 'named' && r.name)).toEqual([
      'bluebird-gamma',
      'telekom-trunk',
    ]);
    expect(refs.some((r) => r.kind === 'derived' && r.id === 'xynap/extension/1000/voicemail-pin')).toBe(
      true,
    );
    expect(missingSecrets(refs, { named: {}, env: {} })).toEqual({
      named: ['bluebird-gamma', 'telekom-trunk'],
      masterKey: true,
    });
    expect(
      missingSecrets(refs, {
        masterKey: 'x'.repeat(16),
        named: {},
        env: { PBXC_SECRET_TELEKOM_TRUNK: 'v', PBXC_SECRET_BLUEBIRD_GAMMA: 'w' },
      }),
    ).toEqual({ named: [], masterKey: false });
  });
});
