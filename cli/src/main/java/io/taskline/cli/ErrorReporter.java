package io.taskline.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every error into an exit code and one line on stderr: usage errors and bad input exit
 * with {@link ExitCodes#BAD_INPUT}, other failures with {@link ExitCodes#FAILED}. The stack trace
 * is printed only with {@code --verbose}.
 *
 * <p>Usage: {@code commandLine.setExecutionExceptionHandler(reporter).setParameterExceptionHandler(reporter)}.
 */
public final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        command.getErr().println("error: " + ex.getMessage() + " (see '" + command.getCommandSpec().qualifiedName()
                + " --help')");
        command.getErr().flush();
        return ExitCodes.BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        Throwable shown = ExitCodes.inputError(ex).orElse(ex);
        err.println("error: " + oneLine(shown));
        if (verbose(parsed)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.of(ex);
    }

    /** The message of {@code error} on one line, with its root cause when that adds something. */
    static String oneLine(Throwable error) {
        String message = message(error);
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error) {
            String because = message(root);
            if (!message.contains(because)) {
                message = message + ": " + because;
            }
        }
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    private static String message(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(GlobalOptions.VERBOSE)) {
                return true;
            }
        }
        return false;
    }
}
