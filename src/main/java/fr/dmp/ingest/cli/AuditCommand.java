package fr.dmp.ingest.cli;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.report.AuditChain;
import fr.dmp.ingest.report.AuditTrail;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code audit --ins INS}: a dossier's history, the action list the patient is entitled to see (R7).
 * {@code audit --verify}: the audit trail's hash chain holds, or the first row that breaks it (issue 16).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Prints a dossier's history: every action, who, when, which document; never content.")
public final class AuditCommand implements Callable<Integer> {

    @Option(names = "--ins", description = "the patient's INS matricule (15 characters)")
    String ins;

    @Option(names = "--verify", description = "walks the audit trail's hash chain: exit 0 when it holds, else"
            + " 3 and one line naming the first forged, altered or missing row (as the auditor or the owner)")
    boolean verify;

    @Option(names = "--anchors", paramLabel = "DIR", description = "with --verify: the run reports whose audit anchors"
            + " to check (default: the reports folder, dmp.reports-folder); a copy kept where the database owner cannot write")
    java.nio.file.Path anchors;

    /** The audit trail's hash chain does not hold (issue 16). */
    static final int EXIT_CHAIN_BROKEN = 3;

    @Option(names = "--full", description = "the audit role's view: also what concerns documents invisible to the patient")
    boolean full;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() {
        if (verify == (ins != null)) {
            System.err.println("dmp-ingest: audit takes --ins INS or --verify");
            return Cli.EXIT_USAGE;
        }
        if (!verify && !Ins.isValid(ins)) {
            System.err.println("dmp-ingest: --ins is not a valid INS matricule (" + Ins.problem(ins).orElse("") + ")");
            return Cli.EXIT_USAGE;
        }
        if (verify && anchors != null && !java.nio.file.Files.isDirectory(anchors)) {
            // round 28, an attacker: a mistyped path to the off-machine copy said "holds", the anchors' check silently off
            System.err.println("dmp-ingest: --anchors " + fr.dmp.ingest.domain.Printable.escaped(anchors) + ": no such folder");
            return Cli.EXIT_USAGE;
        }
        // the audit role reads the trail and nothing else (rules.md R10); with a server, connect as dmp_audit
        List<String> arguments = new ArrayList<>(springArguments);
        arguments.add("--dmp.embedded.app-user=dmp_audit");
        arguments.add("--dmp.crypto.check-keys=false"); // the auditor seals nothing and cannot read dmp.content_key
        ConfigurableApplicationContext context = SpringContext.startExisting(arguments);
        if (context == null) {
            return SpringContext.lastStartExit(); // busy 5, configuration 3 (no store here, a key...), else 1
        }
        try (context) {
            if (verify) {
                // issue 16: the anchors each run wrote into its report, outside the database, catch a chain rewritten whole
                java.nio.file.Path reports = anchors != null ? anchors
                        : java.nio.file.Path.of(context.getEnvironment().getProperty("dmp.reports-folder", "var/reports"));
                List<fr.dmp.ingest.report.AuditAnchors.Anchor> found = fr.dmp.ingest.report.AuditAnchors.inReports(reports);
                JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                var split = fr.dmp.ingest.report.AuditAnchors.ofThisStore(fr.dmp.ingest.report.AuditAnchors.store(jdbc), found);
                AuditChain.Verdict v = new AuditChain(jdbc).verify(split.anchors());
                String others = split.others().isEmpty() ? "" : "; " + split.others().size()
                        + " run reports of another database left out (a store restored elsewhere, or another one sharing the"
                        + " reports folder: `--anchors` names one store's reports)";
                String counted = "; " + split.anchors().size() + " run report anchors checked";
                if (v.holds() && anchors != null && split.anchors().isEmpty()) {
                    // the folder named holds no anchor of this store: the check that catches a chain rewritten whole did not run
                    System.err.println("dmp-ingest: " + v.line() + "; but --anchors " + fr.dmp.ingest.domain.Printable.escaped(anchors)
                            + " holds no run report anchor of this database: the chain was not checked against them");
                    return Cli.EXIT_USAGE;
                }
                (v.holds() ? System.out : System.err).println(v.holds() ? v.line() + counted + others
                        : "dmp-ingest: " + v.line() + others);
                return v.holds() ? 0 : EXIT_CHAIN_BROKEN;
            }
            AuditTrail trail = new AuditTrail(context.getBean(JdbcTemplate.class));
            List<AuditTrail.DossierLine> dossiers = trail.dossiers(ins);
            if (dossiers.isEmpty()) {
                System.out.println("no dossier for INS " + Ins.mask(ins));
                return 0;
            }
            for (AuditTrail.DossierLine d : dossiers) {
                System.out.println(AuditTrail.header(ins, d));
                for (AuditTrail.Entry e : trail.history(d.id(), full)) {
                    System.out.println("  " + AuditTrail.line(e));
                }
            }
            return 0;
        }
    }
}
