package io.taskline.examples;

import static io.taskline.examples.TestContexts.aContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.Report;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportHandlerTest {

    @TempDir
    Path outputDir;

    private final ReportHandler handler = new ReportHandler();

    @BeforeEach
    void configure() {
        handler.configure(Map.of(ExamplesConfig.OUTPUT_DIR_CONFIG, outputDir.toString()));
    }

    @Test
    void rendersAPdfWithTheAccountTheMonthAndTheTotal() throws Exception {
        handler.handle(Report.newBuilder().setAccount("acme").setMonth("2026-03").build(), aContext().build());

        ReportFigures figures = ReportFigures.of("acme", YearMonth.of(2026, 3), 10);
        Path pdf = outputDir.resolve("reports/acme-2026-03.pdf");
        assertThat(pdf).isRegularFile();
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(1);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("acme", "2026-03", "Total " + ReportFigures.format(figures.total()));
            for (ReportFigures.Line line : figures.lines()) {
                assertThat(text).contains(ReportFigures.format(line.amount()));
            }
        }
    }

    @Test
    void continuesALongTableOnFurtherPages() throws Exception {
        handler.handle(Report.newBuilder().setAccount("big").setMonth("2025-12").setLines(200).build(),
                aContext().build());

        ReportFigures figures = ReportFigures.of("big", YearMonth.of(2025, 12), 200);
        try (PDDocument document = Loader.loadPDF(outputDir.resolve("reports/big-2025-12.pdf").toFile())) {
            assertThat(document.getNumberOfPages()).isGreaterThan(1);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Total " + ReportFigures.format(figures.total()));
        }
    }

    @Test
    void figuresAreDeterministicAndAddUp() {
        ReportFigures figures = ReportFigures.of("acme", YearMonth.of(2026, 3), 25);

        assertThat(ReportFigures.of("acme", YearMonth.of(2026, 3), 25)).isEqualTo(figures);
        assertThat(figures.lines()).hasSize(25);
        assertThat(figures.lines().stream().map(ReportFigures.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(figures.total());
        assertThat(ReportFigures.of("acme", YearMonth.of(2026, 4), 25)).isNotEqualTo(figures);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-3", "2026-13", "03-2026", "2026/03", "march", "", "+12026-01"})
    void deadLettersAMonthThatIsNotYyyyMm(String month) {
        Report payload = Report.newBuilder().setAccount("acme").setMonth(month).build();

        assertThatThrownBy(() -> handler.handle(payload, aContext().build()))
                .isInstanceOf(NonRetryableException.class).hasMessageContaining("is not yyyy-MM");
        assertThat(outputDir.resolve("reports")).doesNotExist();
    }

    @Test
    void deadLettersAnAccountThatIsNotAFileName() {
        Report payload = Report.newBuilder().setAccount("../../etc/acme").setMonth("2026-03").build();

        assertThatThrownBy(() -> handler.handle(payload, aContext().build()))
                .isInstanceOf(NonRetryableException.class).hasMessageContaining("account");
    }

    @Test
    void deadLettersANegativeLineCount() {
        Report payload = Report.newBuilder().setAccount("acme").setMonth("2026-03").setLines(-1).build();

        assertThatThrownBy(() -> handler.handle(payload, aContext().build()))
                .isInstanceOf(NonRetryableException.class).hasMessageContaining("lines");
    }
}
