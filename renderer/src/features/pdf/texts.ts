import type { Translation } from '../../i18n/nb';

/** Texts of the PDF viewer (previews and printing), spread into nb.ts / en.ts. */
export const pdfTextsNb = {
  pdf: {
    loading: 'Åpner PDF …',
    pages_one: '{{count}} side',
    pages_other: '{{count}} sider',
    pageLabel: 'Side {{page}} av {{count}}',
    print: 'Skriv ut',
    printShortcut: 'Ctrl+P (⌘P på Mac)',
    preparingStarted: 'Klargjør utskrift …',
    preparing: 'Klargjør utskrift: side {{done}} av {{total}}',
    printed: 'Sendt til skriveren.',
    printCancelled: 'Utskriften ble avbrutt.',
    printFailed: 'Utskriften mislyktes. Sjekk skriveren og prøv igjen, eller lagre PDF-en og skriv den ut fra et annet program.',
    save: 'Lagre PDF',
    saving: 'Lagrer «{{file}}». Velg hvor filen skal ligge hvis du blir spurt.',
    showFailed: 'PDF-en kan ikke vises her. Du kan lagre den og åpne den i et annet program.',
  },
};

export const pdfTextsEn: Pick<Translation, keyof typeof pdfTextsNb> = {
  pdf: {
    loading: 'Opening the PDF …',
    pages_one: '{{count}} page',
    pages_other: '{{count}} pages',
    pageLabel: 'Page {{page}} of {{count}}',
    print: 'Print',
    printShortcut: 'Ctrl+P (⌘P on a Mac)',
    preparingStarted: 'Preparing to print …',
    preparing: 'Preparing to print: page {{done}} of {{total}}',
    printed: 'Sent to the printer.',
    printCancelled: 'Printing was cancelled.',
    printFailed: 'Printing failed. Check the printer and try again, or save the PDF and print it from another program.',
    save: 'Save PDF',
    saving: 'Saving “{{file}}”. Choose where to put it if you are asked.',
    showFailed: 'The PDF cannot be shown here. You can save it and open it in another program.',
  },
};
