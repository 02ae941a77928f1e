/**
 * Texts of this part of the privacy lifecycle, spread into nb.ts / en.ts so the
 * shared files change by one line. Add keys under the feature's own namespaces.
 */
export const retentionTextsNb = {};

export const retentionTextsEn: typeof retentionTextsNb = {};
