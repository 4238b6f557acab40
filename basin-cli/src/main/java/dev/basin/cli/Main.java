package dev.basin.cli;

import dev.basin.Version;
import dev.basin.data.AtomicFiles;
import dev.basin.data.DataException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code basin} command. Errors the user can fix end in one line on stderr and a non-zero exit
 * code ({@link ExitCodes}); {@code --debug} adds the stack trace.
 */
@Command(name = "basin", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "How optimizers escape sharp minima: train networks, measure gradient noise and curvature.",
        subcommands = {TrainCommand.class, ReproduceCommand.class, RunCommand.class, TailIndexCommand.class, CompareCommand.class, SdeCommand.class, HessianCommand.class, GeometryCommands.Interpolate.class, GeometryCommands.Landscape.class, EscapeCommand.class, JumpsCommand.class, NoiseCommand.class,
            DownloadCommand.class, SweepCommand.class, ReportCommand.class, UiCommand.class, ExportCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs the command line with the given output and error writers; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println(c.getCommandName() + ": " + usageMessage(ex) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCodes.USAGE;
        });
        // picocli skips its unmatched-argument check when --help is given, so 'basin nosuch --help'
        // would print the top-level help and succeed; an unknown word after a command group is an error.
        cl.setExecutionStrategy(parseResult -> {
            rejectUnknownCommand(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            boolean debug = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--debug");
            PrintWriter err = c.getErr();
            int code;
            String msg;
            if (ex instanceof DataException) {
                code = ExitCodes.DATA;
                msg = ex.getMessage();
            } else if (ex instanceof IllegalArgumentException) {
                code = ExitCodes.USAGE;
                msg = ex.getMessage();
            } else if (ex instanceof AtomicFiles.WriteException) {
                code = ExitCodes.WRITE;
                msg = ex.getMessage();
            } else if (ex instanceof java.nio.file.FileSystemException) {
                code = ExitCodes.WRITE;
                msg = "file error: " + ex.getMessage();
            } else if (ex instanceof Diverged d) {
                code = ExitCodes.DIVERGED;
                msg = d.getMessage();
            } else {
                code = ExitCodes.INTERNAL;
                msg = "internal error: " + ex + (debug ? "" : " (rerun with --debug for the stack trace)");
            }
            err.println(c.getCommandName() + ": " + msg);
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        return cl;
    }

    /**
     * Throws when the innermost command on the line is a command group ({@code basin}, {@code basin sde})
     * and words were left unmatched: an unknown command name, even with {@code --help}.
     */
    private static void rejectUnknownCommand(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult last = parseResult;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        if (!last.unmatched().isEmpty() && !last.commandSpec().subcommands().isEmpty()) {
            throw new CommandLine.UnmatchedArgumentException(last.commandSpec().commandLine(), last.unmatched());
        }
    }

    /** The one-line message for a usage error; an unknown word after a command group is named as an unknown command. */
    private static String usageMessage(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption() && !u.getUnmatched().isEmpty()
                && !ex.getCommandLine().getSubcommands().isEmpty()) {
            return "unknown command '" + u.getUnmatched().get(0) + "'";
        }
        return ex.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A run that stopped because the loss became NaN/Inf. */
    static final class Diverged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Diverged(String message) {
            super(message);
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"basin " + Version.get(), "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
