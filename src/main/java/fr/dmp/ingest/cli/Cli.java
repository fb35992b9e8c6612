package fr.dmp.ingest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

/**
 * {@code java -jar dmp-ingest.jar <command>}: the commands a hospital integration team runs. Exit code 0
 * when the command completed (a run with quarantined files completed), non-zero with a one-line reason
 * on standard error when it could not run.
 */
@Command(name = "dmp-ingest", mixinStandardHelpOptions = true, version = "dmp-ingest 0.1",
        description = "Feeds the DMP from drop folders: HL7 v2, CDA, PDF and HPRIM into PostgreSQL.",
        subcommands = {IngestCommand.class, StatusCommand.class, QuarantineCommand.class, DocumentCommand.class,
                ClassifyCommand.class, AuditCommand.class, RotateKeyCommand.class, PurgeCommand.class, ServeCommand.class,
                WorkerCommand.class, KeptCommand.class, DossierCommand.class})
public final class Cli implements Runnable {

    public static final int EXIT_CANNOT_RUN = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CONFIGURATION = 3;
    /** {@code --feed all}: some feeds ran, at least one was refused or failed (its own line says why). */
    public static final int EXIT_SOME_FEEDS_FAILED = 4;
    /** another run holds the feed or the embedded database: try again when it ends */
    public static final int EXIT_BUSY = 5;
    public static final int EXIT_SIGINT = 130;
    public static final int EXIT_SIGTERM = 143;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * No command at all is a usage error, exit 2 (round 26, a tester: a cron line that lost its command word exited 0 and
     * raised no alert); {@code --help} still prints the usage and exits 0.
     */
    @Override
    public void run() {
        throw missingSubcommand(spec);
    }

    /** A group (quarantine, document, kept) named without one of its commands: a usage error, exit 2 (README). */
    static CommandLine.ParameterException missingSubcommand(CommandLine.Model.CommandSpec spec) {
        return new CommandLine.ParameterException(spec.commandLine(), "which one? " + String.join(", ",
                spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
    }

    /** A usage error exits 2 at every depth ({@code document find}, {@code quarantine requeue}...), not only at the top. */
    private static void usageExitEverywhere(CommandLine cl) {
        cl.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
        cl.getSubcommands().values().forEach(Cli::usageExitEverywhere);
    }

    /** What a command passes on to Spring: a setting written {@code --name.of.setting=value} (README, the server). */
    private static final java.util.regex.Pattern SETTING =
            java.util.regex.Pattern.compile("(?s)--[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_\\[\\]-]+)+=.*");

    /**
     * Every command hands what picocli does not know to Spring ({@code @Unmatched}), so a mistyped option ran the command
     * without it and exited 0 ({@code ingest --feed f --reprot x} wrote no report; round 23, a new operator's test): only
     * a setting is passed on, anything else is a usage error naming it (printed escaped, an INS in it masked).
     */
    static void onlySettingsUnmatched(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (String arg : p.unmatched()) {
                if (!SETTING.matcher(arg).matches()) {
                    String shown = fr.dmp.ingest.domain.Printable.of(arg.length() > 60 ? arg.substring(0, 60) + "…" : arg);
                    throw new CommandLine.ParameterException(p.commandSpec().commandLine(), "unknown option or argument '"
                            + shown + "' (a Spring setting is written --name.of.setting=value)");
                }
            }
        }
    }

    /** PostgreSQL's insufficient_privilege anywhere in the failure: the command connected as a role without the right. */
    static boolean privilegeRefused(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.sql.SQLException q && "42501".equals(q.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Cli());
        // tools (generate, bench) come from src/tools through the service loader: the product never imports them;
        // a product command does not load them (their classes and picocli's model of them cost start-up, issue 17)
        if (args.length == 0 || !cl.getSubcommands().containsKey(args[0])) {
            for (ToolCommand tool : ServiceLoader.load(ToolCommand.class, Cli.class.getClassLoader())) {
                cl.addSubcommand(tool);
            }
        }
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_CANNOT_RUN);
        // a usage error quotes what was typed ("option '--ins' should be specified only once", "Invalid value for
        // '--today': 279035121518989"): an INS in it is masked, as everywhere else (round 28, an attacker)
        cl.setParameterExceptionHandler((ex, typed) -> {
            CommandLine where = ex.getCommandLine();
            java.io.PrintWriter err = where.getErr();
            err.println(fr.dmp.ingest.domain.InsInText.masked(String.valueOf(ex.getMessage())));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
                where.usage(err, where.getColorScheme());
            }
            err.flush();
            return EXIT_USAGE;
        });
        // a failure no command caught: one line (ours say what; others only their class, never a value), not a stack trace
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (privilegeRefused(e)) {
                // with a server, document and audit connect as the role SPRING_DATASOURCE_USERNAME names (round 23: the
                // job's role gave "find: org.postgresql.util.PSQLException", exit 1, and nothing said which role to use)
                System.err.println("dmp-ingest: " + line.getCommandName() + ": the database refused this role the rights"
                        + " the command needs (SQLState 42501): document reads as dmp_reader, audit as dmp_audit, the other"
                        + " commands run as dmp_ingest (README, \"With a server, who connects as whom\")");
                return EXIT_CONFIGURATION;
            }
            System.err.println("dmp-ingest: " + line.getCommandName() + ": " + fr.dmp.ingest.job.SafeMessages.describe(e));
            for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof fr.dmp.ingest.domain.ConfigurationFailure) {
                    return EXIT_CONFIGURATION;
                }
            }
            return EXIT_CANNOT_RUN;
        });
        usageExitEverywhere(cl);
        cl.setExecutionStrategy(parsed -> {
            onlySettingsUnmatched(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        return cl.execute(args);
    }
}
