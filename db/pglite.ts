// PGlite, opened so that text comes back exactly as stored.
//
// PGlite 0.5 decodes every text value of a result with a TextDecoder created
// with its defaults, which drop a leading U+FEFF (byte order mark) from each
// value it decodes: a note stored as "\uFEFFx" came back as "x" from a row
// read, but whole from the list (its JSON text has the BOM inside a string).
// Postgres itself keeps it. PGlite has no option for its decoder, and the
// decoder lives in a private field of its protocol parser, created with the
// PGlite instance and again after each database error. So every TextDecoder
// that PGlite's own code constructs gets `ignoreBOM: true` (the decoder keeps
// the BOM as a character); TextDecoders created by any other code are left as
// they are.
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

const INSTALLED = Symbol.for('time-tracking.pglite-text-decoder');

function keepByteOrderMarks() {
  const global = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (global[INSTALLED]) return;
  global[INSTALLED] = true;
  const Original = globalThis.TextDecoder;
  globalThis.TextDecoder = class extends Original {
    constructor(label?: string, options?: TextDecoderOptions) {
      // Construction is rare (a PGlite instance, a database error), so reading the stack is cheap.
      const fromPglite = new Error().stack
        ?.split('\n', 4)
        .slice(2)
        .join('\n')
        .includes('@electric-sql/pglite');
      super(label, fromPglite ? { ...options, ignoreBOM: true } : options);
    }
  };
}

/** PGlite.create, with text values read exactly as stored (a leading U+FEFF kept). */
export function createPglite(dataDir?: string, options?: PGliteOptions): Promise<PGlite> {
  keepByteOrderMarks();
  return PGlite.create(dataDir, options);
}
