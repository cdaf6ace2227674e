package io.taskline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress bar: drawn in place on a terminal, nothing at all otherwise. */
class DlqProgressBarTest {

    @Test
    void rendersTheShareDoneAsHashesCountsAndPercent() {
        assertThat(ProgressBar.render("replaying", 0, 300))
                .isEqualTo("replaying [------------------------------] 0/300 0%");
        assertThat(ProgressBar.render("replaying", 150, 300))
                .isEqualTo("replaying [###############---------------] 150/300 50%");
        assertThat(ProgressBar.render("replaying", 300, 300))
                .isEqualTo("replaying [##############################] 300/300 100%");
        assertThat(ProgressBar.render("reading", 0, 0)).as("nothing to do is done").endsWith("] 0/0 100%");
    }

    @Test
    void redrawsInPlaceOnlyWhenTheTextChangesAndClearsItsLine() {
        StringWriter text = new StringWriter();
        ProgressBar bar = ProgressBar.on(new PrintWriter(text), "replaying", true);

        bar.update(0, 2);
        bar.update(0, 2);
        bar.update(2, 2);
        bar.clear();

        String drawn = text.toString();
        assertThat(drawn.split("\r", -1)).hasSize(5);
        assertThat(drawn).startsWith("\rreplaying [---").contains("\rreplaying [###").endsWith("\r");
        assertThat(drawn).doesNotContain("\n");
    }

    @Test
    void aDisabledBarPrintsNothing() {
        StringWriter text = new StringWriter();
        ProgressBar bar = ProgressBar.on(new PrintWriter(text), "replaying", false);

        bar.update(1, 2);
        bar.clear();

        assertThat(text.toString()).isEmpty();
        assertThat(Terminal.none().present()).isFalse();
        assertThat(Terminal.none().confirm("Replay 150?")).as("nobody to say yes").isFalse();
    }
}
