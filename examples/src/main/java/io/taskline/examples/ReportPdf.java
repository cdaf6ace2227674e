package io.taskline.examples;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Lays out {@link ReportFigures} as an A4 PDF: a title, the account and month, then a table of
 * the line items (continued on further pages as needed) closed by the total.
 *
 * <p>Usage: {@code ReportPdf.write(ReportFigures.of("acme", month, 10), out);}
 */
public final class ReportPdf {

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 50f;
    private static final float ROW = 16f;
    private static final float BODY_SIZE = 10f;
    private static final float NUMBER_X = MARGIN;
    private static final float ITEM_X = MARGIN + 40f;
    private static final float AMOUNT_RIGHT = PAGE.getWidth() - MARGIN;

    private final PDDocument document;
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PDPageContentStream page;
    private float y;

    private ReportPdf(PDDocument document) {
        this.document = document;
    }

    /** Renders {@code figures} and saves the PDF to {@code out}. */
    public static void write(ReportFigures figures, OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument()) {
            document.getDocumentInformation().setTitle("Monthly report " + figures.account() + " " + figures.month());
            new ReportPdf(document).render(figures);
            document.save(out);
        }
    }

    private void render(ReportFigures figures) throws IOException {
        try {
            newPage();
            text(bold, 20f, MARGIN, "Monthly report");
            y -= 2 * ROW;
            text(regular, 12f, MARGIN, "Account: " + figures.account());
            y -= ROW;
            text(regular, 12f, MARGIN, "Month: " + figures.month());
            y -= 2 * ROW;
            header();
            for (ReportFigures.Line line : figures.lines()) {
                if (y < MARGIN + 2 * ROW) {
                    newPage();
                    header();
                }
                row(regular, String.valueOf(line.number()), line.item(), ReportFigures.format(line.amount()));
            }
            if (y < MARGIN + 2 * ROW) {
                newPage();
            }
            rule();
            row(bold, "", "Total", ReportFigures.format(figures.total()));
        } finally {
            page.close();
        }
    }

    private void newPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage next = new PDPage(PAGE);
        document.addPage(next);
        page = new PDPageContentStream(document, next);
        y = PAGE.getHeight() - MARGIN;
    }

    private void header() throws IOException {
        row(bold, "#", "Item", "Amount");
        rule();
    }

    private void row(PDType1Font font, String number, String item, String amount) throws IOException {
        text(font, BODY_SIZE, NUMBER_X, number);
        text(font, BODY_SIZE, ITEM_X, item);
        text(font, BODY_SIZE, AMOUNT_RIGHT - font.getStringWidth(amount) / 1000f * BODY_SIZE, amount);
        y -= ROW;
    }

    private void rule() throws IOException {
        float lineY = y + ROW - 4f;
        page.setLineWidth(0.5f);
        page.moveTo(MARGIN, lineY);
        page.lineTo(AMOUNT_RIGHT, lineY);
        page.stroke();
        y -= 4f;
    }

    private void text(PDType1Font font, float size, float x, String value) throws IOException {
        if (value.isEmpty()) {
            return;
        }
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, y);
        page.showText(value);
        page.endText();
    }
}
