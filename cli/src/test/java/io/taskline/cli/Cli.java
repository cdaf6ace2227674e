package io.taskline.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs {@code taskline} in-process and captures what it printed; tests of every package use it. */
public final class Cli {

    private Cli() {
    }

    /** What one run returned and printed. */
    public record Run(int exitCode, String out, String err) {

        public List<String> errLines() {
            return err.lines().toList();
        }

        public List<String> outLines() {
            return out.lines().toList();
        }
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
