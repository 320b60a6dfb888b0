import type { Codec, DtmfMode } from '../../model/types.js';

/** Language names vendors use in their menus, keyed by the tenant's ISO 639-1 code. */
const LANGUAGES: Readonly<
  Record<string, { readonly yealink: string; readonly polycom: string; readonly snom: string }>
> = {
  de: { yealink: 'German', polycom: 'German_Germany', snom: 'Deutsch' },
  en: { yealink: 'English', polycom: 'English_United_States', snom: 'English' },
  es: { yealink: 'Spanish', polycom: 'Spanish_Spain', snom: 'Espanol' },
  fr: { yealink: 'French', polycom: 'French_France', snom: 'Francais' },
  it: { yealink: 'Italian', polycom: 'Italian_Italy', snom: 'Italiano' },
  nl: { yealink: 'Dutch', polycom: 'Dutch_Netherlands', snom: 'Nederlands' },
  pl: { yealink: 'Polish', polycom: 'Polish_Poland', snom: 'Polski' },
  pt: { yealink: 'Portuguese', polycom: 'Portuguese_Portugal', snom: 'Portugues' },
  ru: { yealink: 'Russian', polycom: 'Russian_Russia', snom: 'Russian' },
  tr: { yealink: 'Turkish', polycom: 'Turkish_Turkey', snom: 'Turkce' },
};

/** The vendor's language name; languages a phone does not ship fall back to English. */
export function languageName(code: string, vendor: 'yealink' | 'polycom' | 'snom'): string {
  return (LANGUAGES[code] ?? LANGUAGES.en!)[vendor];
}

/** Codec names per vendor, undefined where the vendor has no such codec. */
const CODEC_NAMES: Readonly<Record<Codec, Readonly<Record<string, string | number>>>> = {
  OPUS: { yealink: 'opus', polycom: 'Opus', snom: 'opus', grandstream: 123, fanvil: 'OPUS' },
  // No cisco entry: the 7940/7960 have no G.722 (only the 79x1 do), so it never becomes their preferred codec.
  G722: { yealink: 'g722', polycom: 'G722', snom: 'g722', grandstream: 9, fanvil: 'G722' },
  PCMA: {
    yealink: 'pcma',
    polycom: 'G711_A',
    snom: 'pcma',
    grandstream: 8,
    fanvil: 'PCMA',
    cisco: 'g711alaw',
  },
  PCMU: {
    yealink: 'pcmu',
    polycom: 'G711_Mu',
    snom: 'pcmu',
    grandstream: 0,
    fanvil: 'PCMU',
    cisco: 'g711ulaw',
  },
  G729: {
    yealink: 'g729',
    polycom: 'G729_AB',
    snom: 'g729',
    grandstream: 18,
    fanvil: 'G729',
    cisco: 'g729a',
  },
};

/** The platform's codecs in preference order, as the vendor names them (unsupported ones left out). */
export function codecNames(codecs: readonly Codec[], vendor: string): (string | number)[] {
  return codecs.map((c) => CODEC_NAMES[c][vendor]).filter((n) => n !== undefined);
}

/** Every codec the vendor knows, for templates that must switch the unused ones off. */
export function allCodecNames(vendor: string): (string | number)[] {
  return (Object.keys(CODEC_NAMES) as Codec[])
    .map((c) => CODEC_NAMES[c][vendor])
    .filter((n) => n !== undefined);
}

/** Yealink account.N.dtmf.type, Fanvil DTMFMode: 0 inband, 1 RFC 2833, 2 SIP INFO. */
export function dtmfIndex(mode: DtmfMode): number {
  return mode === 'inband' ? 0 : mode === 'rfc2833' ? 1 : 2;
}
