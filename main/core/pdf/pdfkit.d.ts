/** pdfkit, the PDF writer under @react-pdf; only its document class is touched (see reuseEmbeddedFonts). */
declare module 'pdfkit' {
  const PDFDocument: unknown;
  export default PDFDocument;
}
