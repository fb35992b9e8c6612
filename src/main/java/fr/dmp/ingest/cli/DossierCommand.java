package fr.dmp.ingest.cli;

import fr.dmp.ingest.store.IdentityCorrection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dossier correct-identity EVENT --ticket REF} (round 16): identity vigilance corrects a dossier's traits by
 * applying a qualified identity update that a feed refused {@code IDENTITY_MISMATCH} (its id is in the dossier's
 * {@code audit --ins} line). A feed never changes a trait a dossier holds; this is a person's checked decision, audited
 * under their name.
 */
@Command(name = "dossier", mixinStandardHelpOptions = true, description = "Identity vigilance on a patient's dossier.",
        subcommands = {DossierCommand.CorrectIdentity.class})
public final class DossierCommand implements Runnable {

    @Override
    public void run() {
        throw Cli.missingSubcommand(spec);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "correct-identity", mixinStandardHelpOptions = true,
            description = "Applies a refused qualified identity update (its event id, from audit --ins) to its dossier.")
    static final class CorrectIdentity implements Callable<Integer> {
        @Parameters(paramLabel = "EVENT", description = "the refused identity event's id")
        long event;

        @Option(names = "--ticket", required = true,
                description = "the identity-vigilance ticket's reference (e.g. IV-2026-0042): never patient data")
        String ticket;

        @Unmatched
        List<String> springArguments = new ArrayList<>();

        @Override
        public Integer call() {
            String problem = IdentityCorrection.ticketProblem(ticket);
            if (problem != null) {
                System.err.println("dmp-ingest: " + problem);
                return Cli.EXIT_USAGE;
            }
            ConfigurableApplicationContext context = SpringContext.startExisting(springArguments);
            if (context == null) {
                return SpringContext.lastStartExit();
            }
            try (context) {
                long dossier = new IdentityCorrection(context.getBean(JdbcTemplate.class))
                        .correct(event, System.getProperty("user.name", "?"), ticket);
                System.out.println("dossier " + dossier + ": traits corrected from identity event " + event
                        + " (audited IDENTITY_UPDATED); requeue the documents refused IDENTITY_MISMATCH meanwhile");
                return 0;
            } catch (IdentityCorrection.Refused e) {
                System.err.println("dmp-ingest: " + e.getMessage());
                return Cli.EXIT_CANNOT_RUN;
            }
        }
    }
}
