package io.taskline.cli.dlq;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * The person at the keyboard, when there is one: whether output goes to a terminal (so a
 * progress bar makes sense) and a yes/no question. Without a terminal (a pipe, cron, CI) there
 * is nobody to ask, and {@link #confirm} says no.
 *
 * <p>Usage: {@code Terminal terminal = Terminal.system(); if (terminal.present()) { ... terminal.confirm("Replay 150?") }}
 */
public final class Terminal {

    private static final Terminal NONE = new Terminal(null);

    private final Console console;

    private Terminal(Console console) {
        this.console = console;
    }

    /** This process's terminal: present when stdin and stdout are both a terminal. */
    public static Terminal system() {
        Console console = System.console();
        return console != null && isTerminal(console) ? new Terminal(console) : NONE;
    }

    /** No terminal, as under a pipe or in a test. */
    public static Terminal none() {
        return NONE;
    }

    /** True when a person can see progress and answer a question. */
    public boolean present() {
        return console != null;
    }

    /** Asks {@code question} with {@code [y/N]}; true only for y or yes. False without a terminal. */
    public boolean confirm(String question) {
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s [y/N] ", question);
        return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().toLowerCase(Locale.ROOT).equals("yes"));
    }

    /**
     * From Java 22 on, {@code System.console()} exists even when the streams are redirected and
     * {@code Console.isTerminal()} tells; before, a console exists only on a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (IllegalAccessException | InvocationTargetException e) {
            return false;
        }
    }
}
