package fr.dmp.ingest.feed;

import fr.dmp.ingest.format.SourceFormat;
import fr.dmp.ingest.link.DossierPolicy;
import fr.dmp.ingest.domain.InsMode;

import fr.dmp.ingest.domain.IdentityStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedFilesTest {

    @TempDir
    Path jobs;

    static final String GOOD = """
            name: lab
            drop: var/drop/lab
            formats: [hl7v2]
            sender:
              finess: "750000001"
            dossierPolicy: create
            insMode: test
            identity:
              acceptedStatuses: [QUAL, VALI]
              whenAbsent: accept
            maxFileSize: 5MB
            quietPeriod: 30s
            """;

    private Feed parse(String yaml) throws IOException {
        Files.writeString(jobs.resolve("lab.yml"), yaml);
        return new FeedFiles(jobs).load("lab");
    }

    @Test
    void readsEveryField() throws IOException {
        Feed f = parse(GOOD);
        assertThat(f.name()).isEqualTo("lab");
        assertThat(f.formats()).containsExactly(SourceFormat.HL7V2);
        assertThat(f.dossierPolicy()).isEqualTo(DossierPolicy.CREATE);
        assertThat(f.insMode()).isEqualTo(InsMode.TEST);
        assertThat(f.acceptedStatuses()).containsExactlyInAnyOrder(IdentityStatus.QUAL, IdentityStatus.VALI);
        assertThat(f.acceptWhenAbsent()).isTrue();
        assertThat(f.maxFileSize()).isEqualTo(5L * 1024 * 1024);
        assertThat(f.quietPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(f.claimFolder()).isEqualTo(Path.of("var/claim/lab"));
    }

    @Test
    void aMalformedFeedIsRefusedWithOneLineNamingTheField() {
        assertRefused(GOOD.replace("dossierPolicy: create", "dossierPolicy: maybe"), "field 'dossierPolicy'");
        assertRefused(GOOD.replace("insMode: test", "insMode: prod"), "field 'insMode'");
        assertRefused(GOOD.replace("  finess: \"750000001\"", "  finess: \"75\""), "field 'sender.finess'");
        assertRefused(GOOD.replace("formats: [hl7v2]", "formats: [hl7v2, docx]"), "field 'formats'");
        assertRefused(GOOD.replace("maxFileSize: 5MB", "maxFileSize: big"), "field 'maxFileSize'");
        assertRefused(GOOD.replace("quietPeriod: 30s", "quietPeriod: soon"), "field 'quietPeriod'");
        assertRefused(GOOD.replace("drop: var/drop/lab\n", ""), "field 'drop' is required");
        assertRefused(GOOD.replace("name: lab", "name: other"), "field 'name'");
        assertRefused(GOOD + "colour: blue\n", "unknown field 'colour'");
        assertRefused(GOOD.replace("[QUAL, VALI]", "[QUAL, SURE]"), "field 'identity.acceptedStatuses'");
        assertRefused("name: [lab\n", "not valid YAML");
        assertRefused(GOOD + "classification:\n  localCodes:\n    TXA-2: {CRO: 99999-9}\n",
                "field 'classification.localCodes.TXA-2.CRO' maps to 99999-9, not a DMP type code");
    }

    @Test
    void theSenderIsAFinessAsDomainFinessChecksIt() throws IOException {
        // issue 12: one FINESS check (domain.Finess) for feed files, readers, oppositions and the database
        assertThat(parse(GOOD.replace("750000001", "2A0000018")).senderFiness()).isEqualTo("2A0000018");
        assertThat(parse(GOOD.replace("750000001", "971000018")).senderFiness()).isEqualTo("971000018");
        assertRefused(GOOD.replace("750000001", "990000001"), "field 'sender.finess'"); // 99: no département
        assertRefused(GOOD.replace("750000001", "000000001"), "field 'sender.finess'");
    }

    /**
     * Round 9, a careless operator (attack 11): a feed whose drop was another feed's quarantine took its reason files as
     * input and moved them away. A drop may not be a work folder, nor inside a claim, archive or quarantine folder, nor
     * another feed's drop.
     */
    @Test
    void aDropThatIsWhatDmpIngestKeepsOrAnotherFeedsDropIsRefused() throws IOException {
        Files.writeString(jobs.resolve("other.yml"), GOOD.replace("name: lab", "name: other").replace("var/drop/lab", "var/drop/other"));
        assertThat(parse(GOOD).drop()).isEqualTo(Path.of("var/drop/lab")); // distinct drops: fine
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: var/quarantine/other"), "inside the quarantine folder");
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: var/archive/lab/2026"), "inside the archive folder");
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: ./var/claim/../claim/x"), "inside the claim folder");
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: var"), "is the work folder of feed");
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: var/drop/other/"), "also the drop of feed 'other'");
    }

    /**
     * Round 26, a tester: a drop at var/keys or var/db (the work folder's own state, not a claim, archive or quarantine
     * folder) took the content key file, the database's password and data files as inputs, sealed them into the
     * quarantine and removed them; {@code ingest --inbox DIR} was held to no rule at all.
     */
    /**
     * Round 28, an operator as root: {@code ingest --inbox /etc} quarantined /etc/passwd, shadow, hosts (sealed, removed
     * from /etc). A folder of the operating system, or a home or shared folder itself, is never a drop.
     */
    @Test
    void aFolderOfTheSystemOrAHomeFolderIsNoDropNorInbox() throws IOException {
        Files.writeString(jobs.resolve("lab.yml"), GOOD);
        FeedFiles files = new FeedFiles(jobs);
        for (String inbox : new String[] {"/etc", "/etc/ssl", "/usr/lib", "/boot", "/var/log/x", "/tmp", "/home", "/var/lib",
                System.getProperty("user.home"), System.getProperty("user.home") + "/.ssh", "/var/backups",
                "/var/lib/postgresql/15/main", "/srv/.hidden/drop"}) {
            assertThatThrownBy(() -> files.loadWithInbox("lab", Path.of(inbox))).as(inbox).isInstanceOf(FeedConfigException.class)
                    .hasMessageStartingWith("--inbox " + inbox + " "); // "is ...", or "holds" when the checkout is inside it
        }
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: /etc"), "a folder of the operating system");
        // inside a shared folder a drop is fine
        assertThat(parse(GOOD.replace("drop: var/drop/lab", "drop: /var/lib/dmp-ingest/drop/lab")).drop())
                .isEqualTo(Path.of("/var/lib/dmp-ingest/drop/lab"));
    }

    /** Round 28, an operator: jobs/x.yaml was never run nor named; "jobs/Biolab Sud.yml" was refused "no file". */
    @Test
    void aFeedFileNamedOtherwiseIsToldNotIgnored() throws IOException {
        Files.writeString(jobs.resolve("lab.yml"), GOOD);
        Files.writeString(jobs.resolve("biolab-sud.yaml"), GOOD.replace("name: lab", "name: biolab-sud"));
        assertThatThrownBy(() -> new FeedFiles(jobs).load("lab")).isInstanceOf(FeedConfigException.class)
                .hasMessageContaining("biolab-sud.yaml: a feed file's name ends in .yml");
        Files.delete(jobs.resolve("biolab-sud.yaml"));
        Files.writeString(jobs.resolve("Biolab Sud.yml"), GOOD);
        assertThatThrownBy(() -> new FeedFiles(jobs).load("Biolab Sud")).hasMessageContaining("a feed's name is")
                .hasMessageNotContaining("no file");
    }

    /** Round 28, an operator: insMode production, then test at the end of the file: the last one won, test OIDs taken. */
    @Test
    void aFieldGivenTwiceIsRefusedNamingItsLine() {
        assertRefused(GOOD.replace("insMode: test", "insMode: production") + "insMode: test\n", "a field given twice (line 13)");
        assertRefused(GOOD.replace("  whenAbsent: accept", "  whenAbsent: accept\n  whenAbsent: reject"), "a field given twice");
    }

    @Test
    void aDropInWhatDmpIngestKeepsOrHoldingItIsRefusedAndSoIsSuchAnInbox() throws IOException {
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: var/keys"), "keys");
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: var/db"), "db");
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: var/reports/../keys"), "keys");
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: ."), "holds");
        assertThat(parse(GOOD.replace("drop: var/drop/lab", "drop: var/drop/lab/night")).drop()).isEqualTo(Path.of("var/drop/lab/night"));
        assertThat(parse(GOOD.replace("drop: var/drop/lab", "drop: var/incoming/lab")).drop()).as("elsewhere in the work folder")
                .isEqualTo(Path.of("var/incoming/lab"));
        // with a work folder elsewhere, its own folders and var/'s are both kept out
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: /srv/dmp/db/x") + "work: /srv/dmp\n", "/srv/dmp/db");
        assertRefused(GOOD.replace("drop: var/drop/lab", "drop: var/keys") + "work: /srv/dmp\n", "keys");

        Files.writeString(jobs.resolve("lab.yml"), GOOD);
        FeedFiles files = new FeedFiles(jobs);
        for (String inbox : new String[] {"var/keys", "var", "var/quarantine/lab", "var/drop/../db"}) {
            assertThatThrownBy(() -> files.loadWithInbox("lab", Path.of(inbox))).isInstanceOf(FeedConfigException.class)
                    .hasMessageStartingWith("--inbox " + inbox + " ");
        }
        Path elsewhere = Files.createTempDirectory("dmp-inbox");
        assertThat(files.loadWithInbox("lab", elsewhere).drop()).isEqualTo(elsewhere);
        // the feed folder itself (round 26, a tester: --inbox jobs sealed every feed file away and the nightly run then
        // did nothing), and a report written into it became a feed that refused every run
        assertThatThrownBy(() -> files.loadWithInbox("lab", jobs)).hasMessageContaining("is inside");
        assertThat(files.writeProblem(jobs.resolve("zz.yml"))).contains("feed files");
        assertThat(files.writeProblem(Path.of("var/keys/lab-results.json"))).isNotNull();
        assertThat(files.writeProblem(Path.of("var/reports/lab-results.json"))).isNull();
        assertThat(files.writeProblem(elsewhere.resolve("report.json"))).isNull();

        // the key file's folder and the database's where this install keeps them (the Spring bean passes them)
        Path keysElsewhere = Files.createDirectories(jobs.resolve("etc-dmp"));
        FeedFiles configured = new FeedFiles(jobs, List.of(keysElsewhere), List.of());
        assertThatThrownBy(() -> configured.loadWithInbox("lab", keysElsewhere.resolve("sub")))
                .hasMessageContaining("is inside").hasMessageContaining("etc-dmp");
        assertThatThrownBy(() -> configured.loadWithInbox("lab", jobs)).hasMessageContaining("holds");

        // a symbolic link is where it leads
        Path work = Files.createDirectories(jobs.resolve("site/var/keys"));
        Path link = Files.createSymbolicLink(jobs.resolve("innocent"), work);
        Files.writeString(jobs.resolve("lab.yml"), GOOD + "work: " + jobs.resolve("site/var") + "\n");
        assertThatThrownBy(() -> files.loadWithInbox("lab", link)).hasMessageContaining("is inside").hasMessageContaining("keys");
    }

    private void assertRefused(String yaml, String expected) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(FeedConfigException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining("lab.yml")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnknownFeedIsRefused() {
        assertThatThrownBy(() -> new FeedFiles(jobs).load("nope")).hasMessageContaining("unknown feed 'nope'");
        assertThatThrownBy(() -> new FeedFiles(jobs.resolve("sub")).load("../nope")).hasMessageContaining("unknown feed '../nope'");
    }

    @Test
    void theShippedFeedFilesAreValid() {
        FeedFiles shipped = new FeedFiles(Path.of("jobs"));
        assertThat(shipped.names()).isNotEmpty();
        for (String name : shipped.names()) {
            assertThat(shipped.load(name).name()).isEqualTo(name);
        }
    }
}
