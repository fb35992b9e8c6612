package fr.dmp.ingest.cli;

import fr.dmp.ingest.domain.Printable;
import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.store.DocumentQueries;
import fr.dmp.ingest.store.DocumentQueries.DocumentMeta;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code document show ID | find --file NAME | --control-id MSH-10 | --ins INS} (issue 17): a stored
 * document's metadata, read as the reader role (rules.md R10: {@code dmp_reader}; with a server, give that
 * role's credentials), through the store's read function: only what a professional may see (R16, R17), each
 * document read traced in the patient's history. Never the content.
 */
@Command(name = "document", mixinStandardHelpOptions = true, description = "Stored documents' metadata (never their content).",
        subcommands = {DocumentCommand.Show.class, DocumentCommand.Find.class})
public final class DocumentCommand implements Runnable {

    @Override
    public void run() {
        throw Cli.missingSubcommand(spec);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static int withReader(List<String> springArguments, Function<DocumentQueries, Integer> body) {
        List<String> arguments = new ArrayList<>(springArguments);
        arguments.add("--dmp.embedded.app-user=dmp_reader");
        arguments.add("--dmp.crypto.check-keys=false"); // the reader seals nothing and may not record a key check value
        ConfigurableApplicationContext context = SpringContext.startExisting(arguments);
        if (context == null) {
            return SpringContext.lastStartExit();
        }
        try (context) {
            // rules.md R17: each document read is traced in its dossier's history under the reader's name
            return body.apply(new DocumentQueries(context.getBean(JdbcTemplate.class), System.getProperty("user.name", "?")));
        }
    }

    static String line(DocumentMeta d) {
        return String.format("%d  %s  %s (class %s)  created %s  %s  %s/%s%s  v%s %s", d.id(), d.uid(), d.typeCode(),
                d.classCode(), d.creationTime(), d.sourceFormat(), d.sourceFeed(), Printable.of(d.sourceFile()),
                d.sourceItem() > 1 ? "#" + d.sourceItem() : "", d.versionNumber() == null ? "-" : d.versionNumber(), d.status());
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One document's metadata and its versions.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the document's id in the store, or its unique id (OID^extension)")
        String id;
        @Unmatched
        List<String> springArguments = new ArrayList<>();

        @Override
        public Integer call() {
            return withReader(springArguments, q -> {
                List<DocumentMeta> found = q.byId(id);
                if (found.isEmpty()) {
                    System.err.println("dmp-ingest: no document you may read has this id (none stored, or hidden by the patient's rights)");
                    return Cli.EXIT_CANNOT_RUN;
                }
                DocumentMeta d = found.get(0);
                System.out.println("document " + d.id() + "  " + d.uid());
                System.out.println("  type " + d.typeCode() + ", class " + d.classCode() + ", " + d.sourceFormat() + " ("
                        + d.mimeType() + "), " + d.sizeBytes() + " bytes");
                System.out.println("  created " + d.creationTime() + ", stored " + d.storedAt() + " by job execution "
                        + d.jobExecutionId());
                System.out.println("  source: feed " + d.sourceFeed() + ", file " + Printable.of(d.sourceFile()) + ", item " + d.sourceItem()
                        + (d.messageControlId() == null ? "" : ", " + messageIdLabel(d) + " " + d.messageControlId()));
                System.out.println("  status " + d.status() + ", set " + d.setId() + ", version "
                        + (d.versionNumber() == null ? "-" : d.versionNumber())
                        + (d.replacesId() == null ? "" : ", replaces document " + d.replacesId()));
                System.out.println("  confidentiality " + d.confidentiality() + ", flags " + d.flags());
                System.out.println("  classified by " + d.classificationSource() + (d.classificationConfidence() == null ? ""
                        : String.format(java.util.Locale.ROOT, ", confidence %.2f", d.classificationConfidence())));
                List<DocumentMeta> others = q.otherVersions(d.id()); // the shown one is not read twice (R17)
                if (!others.isEmpty()) {
                    List<DocumentMeta> versions = new ArrayList<>(others);
                    versions.add(d);
                    versions.sort(java.util.Comparator.comparing(DocumentMeta::versionNumber,
                            java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())).thenComparing(DocumentMeta::id));
                    System.out.println("  versions:");
                    versions.forEach(v -> System.out.println("    " + line(v)));
                }
                return 0;
            });
        }
    }

    /** Where the message's id came from: MSH-10 for HL7 (also a CDA carried in one), the H record or header for HPRIM. */
    static String messageIdLabel(DocumentMeta d) {
        return "hprim".equals(d.sourceFormat()) ? "HPRIM message id" : "MSH-10";
    }

    static final class Criterion {
        @Option(names = "--file", description = "the source file's name") String file;
        @Option(names = "--control-id", description = "an HL7 message control id (MSH-10)") String controlId;
        @Option(names = "--ins", description = "the patient's INS matricule") String ins;
    }

    @Command(name = "find", mixinStandardHelpOptions = true, description = "Documents by source file, MSH-10 or INS.")
    static final class Find implements Callable<Integer> {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Criterion by;
        @Unmatched
        List<String> springArguments = new ArrayList<>();

        @Override
        public Integer call() {
            if (by.ins != null && !Ins.isValid(by.ins)) {
                System.err.println("dmp-ingest: --ins is not a valid INS matricule (" + Ins.problem(by.ins).orElse("") + ")");
                return Cli.EXIT_USAGE;
            }
            return withReader(springArguments, q -> {
                List<DocumentMeta> found = by.file != null ? q.bySourceFile(by.file)
                        : by.controlId != null ? q.byControlId(by.controlId) : q.byIns(by.ins);
                found.forEach(d -> System.out.println(line(d)));
                System.out.println(found.size() + " document(s)");
                return 0;
            });
        }
    }
}
