package io.taskline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.cli.Cli;
import io.taskline.cli.ExitCodes;
import org.junit.jupiter.api.Test;

/** Bad usage of {@code taskline dlq}: exit 2 and one line on stderr, before Kafka is asked anything. */
class DlqUsageTest {

    // Nothing listens here; every command below must fail before connecting.
    private static final String NOWHERE = "127.0.0.1:1";

    private static Cli.Run dlq(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "dlq";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--bootstrap-servers";
        all[args.length + 2] = NOWHERE;
        return Cli.run(all);
    }

    private static void assertBadInput(Cli.Run run, String... fragments) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().startsWith("error: ").contains(fragments);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpNamesTheThreeCommands() {
        Cli.Run run = Cli.run("dlq", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("list", "show", "replay");
    }

    @Test
    void aMissingQueueOrIdIsBadUsage() {
        assertBadInput(dlq("list"), "QUEUE");
        assertBadInput(dlq("show", "emails"), "ID");
    }

    @Test
    void aTimeThatIsNeitherADurationNorIsoNamesTheOption() {
        assertBadInput(dlq("list", "emails", "--since", "yesterday"), "--since", "'yesterday'", "2h");
        assertBadInput(dlq("replay", "emails", "--until", "soon"), "--until", "'soon'");
        assertBadInput(dlq("list", "emails", "--since", "2026-02-01", "--until", "2026-01-01"), "is not before");
    }

    @Test
    void aNegativeLimitABlankFilterAndABadQueueNameAreRefused() {
        assertBadInput(dlq("list", "emails", "--limit", "-1"), "--limit");
        assertBadInput(dlq("list", "emails", "--type", " "), "type");
        assertBadInput(dlq("list", "bad queue!"), "'bad queue!'");
        assertBadInput(dlq("replay", "emails", "--to", "no way"), "'no way'");
    }

    @Test
    void aSetThatIsNotFieldEqualsValueIsRefusedBeforeReading() {
        assertBadInput(dlq("replay", "emails", "--set", "to"), "'to'", "field=value");
        assertBadInput(dlq("replay", "emails", "--set", "1st=x"), "'1st'");
    }
}
