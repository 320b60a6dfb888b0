import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { asDialled } from '../../src/explain/index.js';
import {
  invalidReason,
  mainRegion,
  NUMBER_TYPES,
  type NumberType,
  typeRegex,
  typesOf,
} from '../../src/model/phone-numbers.js';

/** What libphonenumber itself says about an E.164 number, in pbxc's type names. */
function libraryType(e164: string, countryCode: string): NumberType | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  const type = parsed?.getType();
  return type?.toLowerCase() as NumberType | undefined;
}

describe('number types compiled from the libphonenumber metadata', () => {
  // A country per calling code that the compiled expressions stand for (its main region).
  const CODES = ['49', '44', '1', '33', '39', '43', '41', '31', '34', '61'];

  it('match exactly the numbers libphonenumber types so, over random numbers of each country', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CODES),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 13 }),
        (cc, digits) => {
          const e164 = `+${cc}${digits.join('')}`;
          const parsed = parsePhoneNumberFromString(e164);
          // Numbers libphonenumber puts in another country of a shared code (CA for +1) are out of scope.
          if (parsed?.country && parsed.country !== mainRegion(cc)) return;
          const domestic = NUMBER_TYPES.filter((t) => t !== 'international');
          const ours = typesOf(cc, e164, domestic);
          const theirs = libraryType(e164, cc);
          expect(ours).toEqual(theirs ? [theirs] : []);
        },
      ),
      { numRuns: 4000, seed: 6 },
    );
  });

  it('know the well-known ranges', () => {
    expect(typesOf('49', '+499001123456', NUMBER_TYPES)).toEqual(['premium_rate']);
    expect(typesOf('49', '+4918012345678', NUMBER_TYPES)).toEqual(['shared_cost']);
    expect(typesOf('49', '+498001234567', NUMBER_TYPES)).toEqual(['toll_free']);
    expect(typesOf('49', '+4915112345678', NUMBER_TYPES)).toEqual(['mobile']);
    expect(typesOf('49', '+4930123456', NUMBER_TYPES)).toEqual(['fixed_line']);
    expect(typesOf('44', '+449098790000', NUMBER_TYPES)).toEqual(['premium_rate']);
    expect(typesOf('1', '+19002345678', NUMBER_TYPES)).toEqual(['premium_rate']);
    expect(typesOf('1', '+12125550123', NUMBER_TYPES)).toEqual(['fixed_line_or_mobile']);
    expect(typesOf('49', '+33123456789', ['international'])).toEqual(['international']);
    expect(typesOf('49', '+4930123456', ['international'])).toEqual([]);
  });

  it('are the same text on every call (deterministic output) and absent where a country has none', () => {
    expect(typeRegex('49', 'premium_rate')).toBe(typeRegex('49', 'premium_rate'));
    expect(typeRegex('44', 'shared_cost')).toBeUndefined();
    expect(typeRegex('999', 'mobile')).toBeUndefined();
    expect(typeRegex('999', 'international')).toBe('^\\+(?!999)[1-9][0-9]{6,14}$');
  });
});

describe('numbers valid for their country', () => {
  it('agree with libphonenumber isValid over random numbers (the fast path included)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('49', '44', '1', '33', '39', '43', '41', '31', '34', '61', '7', '999'),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 12 }),
        (cc, digits) => {
          const e164 = `+${cc}${digits.join('')}`;
          const valid = parsePhoneNumberFromString(e164)?.isValid() ?? false;
          expect(invalidReason(e164) === undefined, e164).toBe(valid);
        },
      ),
      { numRuns: 4000, seed: 7 },
    );
  });

  it.each([
    ['+4934556643300', undefined],
    ['+442079460160', undefined],
    ['+12125550100', undefined],
    ['+493455664330012345', 'too long for DE'],
    ['+4930', 'too short for DE'],
    ['+999123456789', 'no country uses this calling code'],
  ] as const)('%s: %s', (n, reason) => {
    expect(invalidReason(n)).toBe(reason);
  });
});

describe('numbers as written → as dialled', () => {
  it.each([
    ['089 4520 3300', '49', '08945203300'],
    ['+49 (0)89 4520 3300', '49', '+498945203300'],
    ['+49 89 4520-3300', '49', '+498945203300'],
    ['020 7946 0160', '44', '02079460160'],
    ['0049 89 45203300', '49', '00498945203300'],
    ['*78', '49', '*78'],
    ['**1001', '49', '**1001'],
    ['1000', '49', '1000'],
    ['webrtc1', '49', 'webrtc1'],
  ])('%s', (written, cc, dialled) => {
    expect(asDialled(written, cc)).toBe(dialled);
  });
});
