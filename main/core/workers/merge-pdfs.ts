import { PDFDocument, ParseSpeeds } from '../pdf/pdf-lib';

/**
 * Joins PDFs page by page, in order, into one. The first part is the base, so
 * its document information (title, author, language) is what the result carries;
 * pdf-lib is told not to stamp its own. Page objects, content streams and the
 * embedded font subsets are copied as they are: nothing is re-rendered.
 */
export async function mergePdfs(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  const [first, ...rest] = parts;
  if (!first) throw new Error('nothing to merge');
  // Fastest: parse and write in one go rather than yielding every few objects (this runs in a worker).
  const options = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest } as const;
  const merged = await PDFDocument.load(first, options);
  for (const part of rest) {
    const source = await PDFDocument.load(part, options);
    for (const page of await merged.copyPages(source, source.getPageIndices())) merged.addPage(page);
  }
  return merged.save({ objectsPerTick: Infinity, updateFieldAppearances: false });
}
