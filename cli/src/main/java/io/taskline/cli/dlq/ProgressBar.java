package io.taskline.cli.dlq;

import io.taskline.dlq.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place with a carriage return, e.g.
 * {@code replaying [##########----------] 150/300 50%}. A disabled bar draws nothing, so
 * callers pass the same listener whether or not there is a terminal.
 *
 * <p>Usage: {@code ProgressBar bar = ProgressBar.on(out, "replaying", terminal.present()); replayer.replay(plan, bar); bar.clear();}
 */
public final class ProgressBar implements ProgressListener {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final boolean enabled;
    private String drawn = "";

    private ProgressBar(PrintWriter out, String label, boolean enabled) {
        this.out = out;
        this.label = label;
        this.enabled = enabled;
    }

    /** A bar labelled {@code label} drawing on {@code out} when {@code enabled}. */
    public static ProgressBar on(PrintWriter out, String label, boolean enabled) {
        return new ProgressBar(out, label, enabled);
    }

    @Override
    public void update(long done, long total) {
        if (!enabled) {
            return;
        }
        String line = render(label, done, total);
        if (!line.equals(drawn)) {
            out.print("\r" + line);
            out.flush();
            drawn = line;
        }
    }

    /** Erases the bar, leaving the cursor at the start of the empty line. */
    public void clear() {
        if (!drawn.isEmpty()) {
            out.print("\r" + " ".repeat(drawn.length()) + "\r");
            out.flush();
            drawn = "";
        }
    }

    /** The bar's text for {@code done} of {@code total}; a total of 0 counts as complete. */
    static String render(String label, long done, long total) {
        long shown = Math.max(0, Math.min(done, total));
        int filled = total <= 0 ? WIDTH : (int) (WIDTH * shown / total);
        long percent = total <= 0 ? 100 : 100 * shown / total;
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %d%%", label, "#".repeat(filled), "-".repeat(WIDTH - filled),
                shown, Math.max(total, 0), percent);
    }
}
