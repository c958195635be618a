// The receipt as a PDF (US Letter), drawn with pdf-lib from the same Receipt the HTML page shows.
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import type { Receipt } from "./receipts.server.ts";

const PAGE = { width: 612, height: 792 };
const MARGIN = 54;
const INK = rgb(0.09, 0.11, 0.15);
const MUTED = rgb(0.35, 0.4, 0.47);

/**
 * The standard fonts only know Windows-1252; a name in another script would make pdf-lib
 * throw. Such characters become "?" rather than losing the whole receipt.
 */
function encodable(font: PDFFont, text: string): string {
  let out = "";
  for (const char of text.normalize("NFC")) {
    try {
      font.encodeText(char);
      out += char;
    } catch {
      out += "?";
    }
  }
  return out;
}

/** Cuts text to fit `width` points, ending in "…" when cut. */
function clipToWidth(font: PDFFont, size: number, text: string, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export async function receiptPdf(receipt: Receipt): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Receipt ${receipt.reference}`);
  pdf.setAuthor(receipt.organiser);
  pdf.setSubject(receipt.eventName);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);

  let page: PDFPage = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  const right = PAGE.width - MARGIN;

  const ensure = (height: number) => {
    if (y - height >= MARGIN) return;
    page = pdf.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - MARGIN;
  };
  const text = (value: string, x: number, { size = 10, font = regular, color = INK, width = right - x } = {}) => {
    page.drawText(clipToWidth(font, size, encodable(font, value), width), { x, y, size, font, color });
  };
  const textRight = (value: string, x: number, { size = 10, font = regular } = {}) => {
    const safe = encodable(font, value);
    page.drawText(safe, { x: x - font.widthOfTextAtSize(safe, size), y, size, font, color: INK });
  };
  const line = () => page.drawLine({ start: { x: MARGIN, y }, end: { x: right, y }, thickness: 0.5, color: MUTED });

  text(receipt.organiser, MARGIN, { size: 11, font: bold });
  y -= 28;
  text("Receipt", MARGIN, { size: 22, font: bold });
  y -= 24;
  text(`Reference ${receipt.reference}`, MARGIN, { size: 11 });
  y -= 15;
  text(`Paid ${receipt.paidAt ?? "-"}`, MARGIN, { size: 11 });
  y -= 15;
  text(`Status ${receipt.status}`, MARGIN, { size: 11 });
  y -= 26;

  const half = (right - MARGIN) / 2;
  text("EVENT", MARGIN, { size: 8, font: bold, color: MUTED });
  text("BILLED TO", MARGIN + half, { size: 8, font: bold, color: MUTED });
  y -= 14;
  text(receipt.eventName, MARGIN, { font: bold, width: half - 12 });
  text(receipt.buyer.name, MARGIN + half, { font: bold, width: half });
  y -= 13;
  text(receipt.eventWhen, MARGIN, { width: half - 12 });
  text(receipt.buyer.email, MARGIN + half, { width: half });
  y -= 13;
  text(receipt.eventWhere, MARGIN, { width: half - 12 });
  y -= 28;

  const ticketX = MARGIN + 200;
  text("Attendee", MARGIN, { font: bold });
  text("Ticket", ticketX, { font: bold });
  textRight("Amount", right, { font: bold });
  y -= 6;
  line();
  for (const item of receipt.lines) {
    ensure(item.note ? 34 : 22);
    y -= 15;
    text(item.attendee, MARGIN, { width: 190 });
    text(item.ticket, ticketX, { width: right - ticketX - 80 });
    textRight(item.amount, right);
    if (item.note) {
      y -= 12;
      text(item.note, ticketX, { size: 8, color: MUTED, width: right - ticketX - 80 });
    }
  }
  y -= 8;
  line();

  const total = (label: string, amount: string, font = regular) => {
    ensure(18);
    y -= 16;
    textRight(label, right - 90, { font });
    textRight(amount, right, { font });
  };
  if (receipt.discount) {
    total("Before discount", receipt.subtotal);
    total(receipt.discount.label, receipt.discount.amount);
  }
  total("Total paid", receipt.total, bold);

  if (receipt.refunds.length) {
    ensure(60);
    y -= 30;
    text("Refunds", MARGIN, { size: 12, font: bold });
    for (const refund of receipt.refunds) {
      ensure(18);
      y -= 16;
      text(`${refund.when} · ${refund.state}${refund.reason ? ` · ${refund.reason}` : ""}`, MARGIN, {
        width: right - MARGIN - 90,
      });
      textRight(refund.amount, right);
    }
    total("Paid after refunds", receipt.net ?? receipt.total, bold);
  }

  ensure(30);
  y -= 36;
  text("Times are in the event's time zone.", MARGIN, { size: 8, color: MUTED });
  return pdf.save();
}
