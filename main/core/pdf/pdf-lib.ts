import { createRequire } from 'node:module';
import type * as PdfLib from 'pdf-lib';

/**
 * pdf-lib, loaded from its one-file build with require. The package's entry
 * (cjs/index.js) loads some 400 small modules, and importing a CommonJS file
 * from an ES module makes Node scan it for export names first: together about
 * half a second of a certificate worker's start-up, on the path of every
 * first certificate. The one-file build of the same version, required, takes
 * a tenth of that.
 */
const pdfLib = createRequire(import.meta.url)('pdf-lib/dist/pdf-lib.min.js') as typeof PdfLib;

export const { PDFDocument, ParseSpeeds } = pdfLib;
