import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { codePoint, firstInvisible, isSingleLineText, SingleLineText } from './text-hygiene.js';

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** API.md §1 v1.1, code point by code point. */
const CONTRACT = {
  'C0 controls': range(0x00, 0x1f),
  'C1 controls (and DEL)': range(0x7f, 0x9f),
  'bidi controls': [0x061c, 0x200e, 0x200f, ...range(0x202a, 0x202e), ...range(0x2066, 0x2069)],
  'zero-width and invisible': [0x00ad, ...range(0x200b, 0x200d), 0x2060, 0xfeff],
  'line and paragraph separators': [0x2028, 0x2029],
};

/** Also refused: other format characters that render as nothing (README, Security defaults). */
const BEYOND = [
  0x115f,
  0x1160,
  0x180e,
  ...range(0x2061, 0x2064),
  ...range(0x206a, 0x206f),
  0x3164,
  0xffa0,
  ...range(0xfff9, 0xfffb),
];

/** Visible characters, the neighbours of every refused range among them. */
const VISIBLE = [
  0x20, 0x7e, 0xa0, 0xac, 0xae, 0x061b, 0x061d, 0x200a, 0x2010, 0x2027, 0x202f, 0x205f, 0x2070,
  0xfefe, 0xff21, 0xfffc, 0xfffd,
];

const at = (cp: number) => `web${String.fromCodePoint(cp)}01`;

describe('one line of visible text', () => {
  it.each(Object.entries(CONTRACT))('refuses every %s, anywhere in the text', (_, points) => {
    const accepted = points.filter(
      (cp) =>
        isSingleLineText(at(cp)) ||
        isSingleLineText(String.fromCodePoint(cp)) ||
        firstInvisible(at(cp)) !== String.fromCodePoint(cp),
    );
    expect(accepted.map((cp) => codePoint(String.fromCodePoint(cp)))).toEqual([]);
  });

  it('refuses the other invisible format characters too', () => {
    expect(BEYOND.filter((cp) => isSingleLineText(at(cp))).map((cp) => cp.toString(16))).toEqual(
      [],
    );
  });

  it('accepts visible text in any script, emoji included, and the neighbours of every refused range', () => {
    for (const text of [
      'José Ñandú',
      '山田 太郎',
      'محمد',
      'שלום',
      'देवनागरी',
      'Ελληνικά',
      'server 😀 #1',
      'l’équipe — “prod”',
      ...VISIBLE.map(at),
    ]) {
      expect([text, isSingleLineText(text)]).toEqual([text, true]);
    }
  });

  it('leaves non-strings to the type checks', () => {
    expect([null, undefined, 42, {}, ['\u200b']].every(isSingleLineText)).toBe(true);
  });

  it('names the character it refused, and says NUL like the validation pipe does', () => {
    class Label {
      @SingleLineText()
      name: unknown;
      @SingleLineText({ each: true })
      tags: unknown;
    }
    const messages = (value: object) =>
      validateSync(plainToInstance(Label, value)).map((e) => Object.values(e.constraints ?? {}));
    expect(messages({ name: 'ad\u200bmin', tags: ['ok', 'a\u2066b'] })).toEqual([
      [
        'String should be one line of visible text (no control, bidirectional or invisible characters; found U+200B)',
      ],
      [
        'String should be one line of visible text (no control, bidirectional or invisible characters; found U+2066)',
      ],
    ]);
    expect(messages({ name: 'a\u0000b' })).toEqual([['String should not contain NUL characters']]);
    expect(messages({ name: 'fine', tags: ['ok'] })).toEqual([]);
  });
});
