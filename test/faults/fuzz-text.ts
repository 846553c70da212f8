// What arrives as free text, for the fuzz tests: unicode, separators, markup, long.
import fc from 'fast-check';

export const RUNS = { numRuns: 300 };
/** Any text people or platforms might send: unicode, separators, markup, long. */
export const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(...';:,%\n\t<>&@#$€₽ '.split(''), 'a', 'Z', '9', 'é', 'Ж'),
    maxLength: 80,
  }),
  fc.array(fc.string({ maxLength: 30 }), { maxLength: 8 }).map((parts) => parts.join('; ')),
);
