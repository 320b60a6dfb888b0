import { describe, expect, it } from 'vitest';
import { mediaNameOf } from '../../src/import/fusionpbx/map/recordings.js';

describe('FusionPBX recordings → media names', () => {
  it.each([
    ['acme-main-menu.wav', 'acme-main-menu'],
    ['Hauptmenü Neu.WAV', 'hauptmen-neu'],
    ['/var/lib/freeswitch/recordings/a.example.com/Closed_Line.mp3', 'closed-line'],
    ['../../etc/passwd', 'passwd'],
    ['$$$.wav', undefined],
  ])('%s → %s', (file, name) => expect(mediaNameOf(file)).toBe(name));
});
