package fr.dmp.ingest.cli;

import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.intake.Disposition;
import fr.dmp.ingest.intake.OwnerOnly;
import fr.dmp.ingest.ops.KeptFileDesk;
import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.KeptFileAccess;
import fr.dmp.ingest.store.KeptFileKeyStore;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kept open TOKEN|FILE [--to PATH] [--sidecar]} (issue 16): an authorised operator opens a kept (sealed)
 * file, archived or quarantined, to an owner-only file or to standard output; each opening is audited (who, which
 * claim, when, where to) before a byte is given.
 */
@Command(name = "kept", mixinStandardHelpOptions = true, description = "Opens the sealed kept files (archive, quarantine).",
        subcommands = {KeptCommand.Open.class})
public final class KeptCommand implements Runnable {

    @Override
    public void run() {
        throw Cli.missingSubcommand(spec);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = "Decrypts a kept file to --to PATH (created owner-only) or to standard output; audited.")
    static final class Open implements Callable<Integer> {
        @Parameters(paramLabel = "TOKEN|FILE", description = "a claim token, or a file name kept once")
        String designation;

        @Option(names = "--to", paramLabel = "PATH", description = "a new file, owner-only (refused if it exists); default: standard output")
        Path to;

        @Option(names = "--sidecar", description = "the PDF's sidecar kept beside it, not the PDF")
        boolean sidecar;

        @Unmatched
        List<String> springArguments = new ArrayList<>();

        @Override
        public Integer call() {
            if (to != null && Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                System.err.println("dmp-ingest: --to: the file already exists; nothing opened");
                return Cli.EXIT_USAGE;
            }
            ConfigurableApplicationContext context = SpringContext.startExisting(springArguments);
            if (context == null) {
                return SpringContext.lastStartExit();
            }
            try (context) {
                JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                KeptFileDesk desk = new KeptFileDesk(new KeptFileAccess(jdbc),
                        new KeptFileKeyStore(jdbc, context.getBean(ContentCipher.class)), context.getBean(FeedFiles.class)::load,
                        System.getProperty("user.name", "?"));
                Disposition d = desk.designated(designation);
                if (to == null) {
                    desk.open(d, sidecar, System.out, "standard output");
                    System.out.flush();
                    return 0;
                }
                Files.createFile(to, OwnerOnly.NEW_FILE);
                try (OutputStream out = Files.newOutputStream(to, LinkOption.NOFOLLOW_LINKS)) {
                    long n = desk.open(d, sidecar, out, "a file");
                    System.err.println("opened claim " + d.token() + " (feed " + d.feed() + "): " + n + " bytes to " + to);
                } catch (RuntimeException e) {
                    Files.deleteIfExists(to); // nothing half opened left behind
                    throw e;
                }
                return 0;
            } catch (KeptFileDesk.Refused | FeedConfigException e) {
                System.err.println("dmp-ingest: " + fr.dmp.ingest.domain.Printable.of(designation) + ": " + e.getMessage()); // masked (round 28)
                return Cli.EXIT_CANNOT_RUN;
            } catch (IOException e) {
                System.err.println("dmp-ingest: --to: cannot write (" + e.getClass().getSimpleName() + ")");
                return Cli.EXIT_CANNOT_RUN;
            }
        }
    }
}
