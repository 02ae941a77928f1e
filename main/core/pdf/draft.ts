/**
 * The number a certificate preview prints in place of a real one. The
 * certificate page recognises it and prints a large "UTKAST" across the page,
 * so a printed preview can never pass for a certificate. (Its own module: the
 * core's services use it without loading the PDF renderer.)
 */
export const DRAFT_NUMBER = { nb: 'UTKAST', en: 'DRAFT' } as const;
