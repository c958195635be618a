import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFRef } from "pdf-lib";

/**
 * The text a PDF shows, read back through pdf-lib's own parser: each page's content streams
 * are decoded and the hex strings shown with Tj are collected (pdf-lib writes the standard
 * fonts' text that way). Parsing the file, rather than scanning bytes for `stream`, holds
 * whatever bytes the compressed data happens to contain.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await PDFDocument.load(bytes);
  const shown: string[] = [];
  for (const page of pdf.getPages()) {
    const contents = page.node.Contents();
    const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    for (const entry of refs) {
      const stream = pdf.context.lookup(entry as PDFRef);
      if (!(stream instanceof PDFRawStream)) continue;
      const content = Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
      for (const hex of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) shown.push(Buffer.from(hex[1], "hex").toString("latin1"));
    }
  }
  return shown.join("\n");
}
