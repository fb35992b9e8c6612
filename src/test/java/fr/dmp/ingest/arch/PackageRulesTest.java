package fr.dmp.ingest.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the house, kept as tests so that it cannot drift back: imports flow one way, down the
 * pipeline (intake → format → classify → validate → link → store → job), the stages are plain Java, and
 * the tools (generator, bench) are apart from the product. Run alone: {@code mvn -B test -Dtest=PackageRulesTest}.
 */
class PackageRulesTest {

    private static JavaClasses product;
    private static JavaClasses all;

    @BeforeAll
    static void importClasses() {
        all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("fr.dmp.ingest");
        product = all.that(com.tngtech.archunit.base.DescribedPredicate.not(
                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("fr.dmp.ingest.tools..")));
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("fr.dmp.ingest.(*)..").should().beFreeOfCycles().check(all);
    }

    @Test
    void noProductClassImportsATool() {
        noClasses().that().resideOutsideOfPackage("fr.dmp.ingest.tools..")
                .should().dependOnClassesThat().resideInAPackage("fr.dmp.ingest.tools..")
                .because("tools are for tests and benchmarks; the product must run without them")
                .check(all);
    }

    @Test
    void importsFlowDownThePipeline() {
        // each stage may use the stages before it and the shared domain, never one after it
        stage("intake", "domain", "faults");
        stage("format", "domain", "faults", "intake");
        stage("classify", "domain", "format");
        stage("validate", "domain", "format", "classify");
        stage("link", "domain", "format", "classify", "validate");
        stage("domain");
        // issue 20: remote partitioning is an edge over the job (the broker's side), used by the CLI only
        stage("remote", "domain", "faults", "intake", "format", "classify", "validate", "link", "feed", "store", "report", "job");
        // issue 17: the operator's read side (status, quarantine desk) uses the store and the files, never the job nor the CLI
        stage("ops", "domain", "faults", "intake", "format", "classify", "validate", "link", "feed", "store", "report");
        // issue 18: the web console sits on the operator's services (ops, store, report), reads feeds and the catalogue
        stage("console", "domain", "faults", "intake", "feed", "classify", "ops", "store", "report");
    }

    @Test
    void onlyTheCommandLineStartsTheConsole() {
        noClasses().that().resideOutsideOfPackages("fr.dmp.ingest.console..", "fr.dmp.ingest.cli..")
                .should().dependOnClassesThat().resideInAPackage("fr.dmp.ingest.console..")
                .because("the console is an edge: the pipeline and the services never know it")
                .check(all);
    }

    @Test
    void theWebStaysInTheConsole() {
        noClasses().that().resideOutsideOfPackages("fr.dmp.ingest.console..", "fr.dmp.ingest.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.security..",
                        "org.springframework.boot.health..", "io.micrometer.core.instrument..")
                .because("only the console (and serve --add-user's password hash) use the web, security and metrics")
                .check(product);
    }

    @Test
    void stagesArePlainJava() {
        // design.md: Spring beans at the edges (job, cli, store's configuration), plain Java inside the stages
        noClasses().that().resideInAnyPackage("fr.dmp.ingest.domain..", "fr.dmp.ingest.intake..",
                        "fr.dmp.ingest.format..", "fr.dmp.ingest.classify..", "fr.dmp.ingest.validate..",
                        "fr.dmp.ingest.link..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(product);
    }

    private static void stage(String stage, String... allowed) {
        String[] forbidden = java.util.stream.Stream.of("domain", "faults", "intake", "format", "classify",
                        "validate", "link", "store", "feed", "report", "job", "cli", "remote", "tools", "console")
                .filter(p -> !p.equals(stage) && !java.util.List.of(allowed).contains(p))
                .map(p -> "fr.dmp.ingest." + p + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage("fr.dmp.ingest." + stage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .check(all);
    }
}
