import { describe, expect, it } from 'vitest';
import { countryOf, prefixToE164, toE164 } from '../../src/import/fusionpbx/dialing.js';
import { slug, tenantIds } from '../../src/import/fusionpbx/names.js';

const US = countryOf('1')!;
const DE = countryOf('49')!;
const UK = countryOf('44')!;
const IT = countryOf('39')!;

describe('numbers as E.164', () => {
  it.each([
    ['+12125550100', US, undefined, '+12125550100'],
    ['2125550101', US, '1', '+12125550101'],
    ['12125550102', US, undefined, '+12125550102'],
    ['2125550105', US, undefined, '+12125550105'],
    ['011442079460000', US, undefined, '+442079460000'],
    ['3055501001', DE, '49', '+493055501001'],
    ['03055501002', DE, undefined, '+493055501002'],
    ['493055501040', DE, undefined, '+493055501040'],
    ['004930555019999', DE, undefined, '+4930555019999'],
    ['015155505678', DE, undefined, '+4915155505678'],
    ['02079460000', UK, undefined, '+442079460000'],
    ['07700900123', UK, undefined, '+447700900123'],
    ['2079460001', UK, '44', '+442079460001'],
    ['0612345678', IT, undefined, '+390612345678'],
    ['212 555-0100', US, undefined, '+12125550100'],
  ])('%s in +%s (prefix %s) is %s', (raw, country, prefix, want) => {
    expect(toE164(raw, country, prefix)).toBe(want);
  });

  it.each([['1000'], ['*99100'], ['abc'], ['+0123'], ['']])('%s is not an E.164 number', (raw) => {
    expect(toE164(raw, DE)).toBeUndefined();
  });

  it.each([
    ['0800', UK, '+44800'],
    ['0900', DE, '+49900'],
    ['00491', DE, '+491'],
    ['+4930', DE, '+4930'],
  ])('prefix %s is %s', (raw, country, want) => {
    expect(prefixToE164(raw, country)).toBe(want);
  });
});

describe('names', () => {
  it.each([
    ['Main Menu', 'main-menu'],
    ['Hauptmenü', 'hauptmenue'],
    ['Geschäftszeiten', 'geschaeftszeiten'],
    ['  --Café Olé!! ', 'cafe-ole'],
    ['!!!', undefined],
  ])('slug(%j) is %j', (text, want) => {
    expect(slug(text)).toBe(want);
  });

  it('derives tenant ids from the first label, longer where taken or generic', () => {
    const ids = tenantIds([
      'acme.example.com',
      'acme.example.net',
      'berlin.example.net',
      'sip.foo.example',
      'public.example',
    ]);
    expect(Object.fromEntries(ids)).toEqual({
      'acme.example.com': 'acme-example-com',
      'acme.example.net': 'acme-example-net',
      'berlin.example.net': 'berlin',
      'sip.foo.example': 'sip-foo',
      'public.example': 'public-example',
    });
  });

  it('is independent of the order of the domains', () => {
    const a = tenantIds(['b.example', 'a.example', 'a.example.org']);
    const b = tenantIds(['a.example.org', 'b.example', 'a.example']);
    expect(Object.fromEntries(a)).toEqual(Object.fromEntries(b));
  });
});
