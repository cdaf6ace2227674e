package io.taskline.dlq;

import static io.taskline.dlq.testing.DeadLetters.T0;
import static io.taskline.dlq.testing.DeadLetters.aDeadLetter;
import static io.taskline.dlq.testing.DeadLetters.anUndecodableLetter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {

    private static final DeadLetter SMTP = aDeadLetter("t1").type("send-email").key("u-1").deadAt(T0)
            .error("java.lang.IllegalStateException", "SMTP server down").build();
    private static final DeadLetter MAILBOX = aDeadLetter("t2").type("send-email").key("u-2").deadAt(hours(1))
            .error("io.taskline.retry.NonRetryableException", "mailbox unknown").build();
    private static final DeadLetter PDF = aDeadLetter("t3").type("render-report").key("acct-1").deadAt(hours(2))
            .error("com.acme.reports.Renderer$PdfRenderException", "font missing").build();
    private static final DeadLetter ECHO = aDeadLetter("t4").type("echo").key(null).deadAt(hours(3))
            .error("java.lang.IllegalArgumentException", "bad input").build();
    private static final DeadLetter GARBAGE = anUndecodableLetter().key("k-9").deadAt(hours(4)).build();
    private static final DeadLetter DISK = aDeadLetter("t6").type("render-report").key("u-1").deadAt(hours(5))
            .error("java.lang.IllegalStateException", "disk full").build();
    private static final List<DeadLetter> ALL = List.of(SMTP, MAILBOX, PDF, ECHO, GARBAGE, DISK);

    private static Instant hours(int n) {
        return T0.plus(Duration.ofHours(n));
    }

    private static List<DeadLetter> select(DeadLetterFilter.Builder filter) {
        DeadLetterFilter built = filter.build();
        return ALL.stream().filter(built::matches).toList();
    }

    @Test
    void anEmptyFilterMatchesEveryDeadLetter() {
        assertThat(select(DeadLetterFilter.builder())).isEqualTo(ALL);
        assertThat(DeadLetterFilter.all().isEmpty()).isTrue();
        assertThat(DeadLetterFilter.all()).hasToString("all");
    }

    @Test
    void typeSelectsExactlyTheLettersOfThatType() {
        assertThat(select(DeadLetterFilter.builder().type("send-email"))).containsExactly(SMTP, MAILBOX);
        assertThat(select(DeadLetterFilter.builder().type(DeadLetter.UNDECODABLE_TYPE))).containsExactly(GARBAGE);
        assertThat(select(DeadLetterFilter.builder().type("send"))).as("no prefix match").isEmpty();
    }

    @Test
    void keySelectsExactlyTheLettersWithThatKey() {
        assertThat(select(DeadLetterFilter.builder().key("u-1"))).containsExactly(SMTP, DISK);
        assertThat(select(DeadLetterFilter.builder().key("k-9"))).containsExactly(GARBAGE);
    }

    @Test
    void errorTextMatchesAnySubstringOfClassOrMessageIgnoringCase() {
        assertThat(select(DeadLetterFilter.builder().errorText("smtp"))).containsExactly(SMTP);
        assertThat(select(DeadLetterFilter.builder().errorText("MAILBOX UNK"))).containsExactly(MAILBOX);
        assertThat(select(DeadLetterFilter.builder().errorText("illegalstate"))).containsExactly(SMTP, DISK);
        assertThat(select(DeadLetterFilter.builder().errorText("single-object"))).containsExactly(GARBAGE);
        assertThat(select(DeadLetterFilter.builder().errorText("no such text"))).isEmpty();
    }

    @Test
    void errorClassMatchesTheFullyQualifiedOrSimpleNameExactly() {
        assertThat(select(DeadLetterFilter.builder().errorClass("java.lang.IllegalStateException")))
                .containsExactly(SMTP, DISK);
        assertThat(select(DeadLetterFilter.builder().errorClass("IllegalStateException"))).containsExactly(SMTP, DISK);
        assertThat(select(DeadLetterFilter.builder().errorClass("PdfRenderException"))).containsExactly(PDF);
        assertThat(select(DeadLetterFilter.builder().errorClass("Renderer$PdfRenderException"))).containsExactly(PDF);
        assertThat(select(DeadLetterFilter.builder().errorClass("UndecodableRecordException"))).containsExactly(GARBAGE);
        assertThat(select(DeadLetterFilter.builder().errorClass("IllegalState"))).as("no partial names").isEmpty();
        assertThat(select(DeadLetterFilter.builder().errorClass("illegalstateexception"))).as("case matters").isEmpty();
    }

    @Test
    void sinceIsInclusiveAndUntilIsExclusive() {
        assertThat(select(DeadLetterFilter.builder().since(hours(2)))).containsExactly(PDF, ECHO, GARBAGE, DISK);
        assertThat(select(DeadLetterFilter.builder().until(hours(2)))).containsExactly(SMTP, MAILBOX);
        assertThat(select(DeadLetterFilter.builder().since(hours(1)).until(hours(3)))).containsExactly(MAILBOX, PDF);
    }

    @Test
    void idSelectsOnlyThatTask() {
        assertThat(select(DeadLetterFilter.builder().id("t3"))).containsExactly(PDF);
        assertThat(select(DeadLetterFilter.builder().id("t"))).isEmpty();
    }

    @Test
    void criteriaAndTogether() {
        assertThat(select(DeadLetterFilter.builder().type("render-report").key("u-1"))).containsExactly(DISK);
        assertThat(select(DeadLetterFilter.builder().errorClass("IllegalStateException").since(hours(1))))
                .containsExactly(DISK);
        assertThat(select(DeadLetterFilter.builder().type("send-email").errorText("smtp").until(hours(1))))
                .containsExactly(SMTP);
        assertThat(select(DeadLetterFilter.builder().type("echo").key("u-1"))).isEmpty();
        assertThat(select(DeadLetterFilter.builder().id("t1").type("render-report"))).isEmpty();
        assertThat(select(DeadLetterFilter.builder().type("send-email").key("u-2").errorText("mailbox")
                .errorClass("NonRetryableException").since(hours(1)).until(hours(2)).id("t2")))
                .containsExactly(MAILBOX);
    }

    @Test
    void aBlankCriterionOrAnEmptyTimeRangeIsRefusedNamingIt() {
        assertThatThrownBy(() -> DeadLetterFilter.builder().type(" ").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> DeadLetterFilter.builder().since(hours(2)).until(hours(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hours(2).toString()).hasMessageContaining(hours(1).toString());
    }

    @Test
    void describesItsCriteriaAndCopies() {
        DeadLetterFilter f = DeadLetterFilter.builder().type("echo").since(T0).build();
        assertThat(f).hasToString("type=echo, since=" + T0);
        assertThat(f.toBuilder().build()).isEqualTo(f).hasSameHashCodeAs(f);
    }
}
