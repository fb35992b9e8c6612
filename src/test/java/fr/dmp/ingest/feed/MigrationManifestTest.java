package fr.dmp.ingest.feed;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 14: a broken manifest is refused at start with one line naming the line and the field, never the value. */
class MigrationManifestTest {

    private static final String HEADER = "legacy_record_id,file_name,sha256,ins,expected_documents\n";
    private static final String SHA = "9fe57bfb13ed17878196bf18af026ae699566ca1d790e00b3e40ec6ffef9af05";

    private static MigrationManifest parse(String text) throws Exception {
        return MigrationManifest.parse(new StringReader(text));
    }

    @Test
    void theSampleManifestIsReadLineByLine() {
        MigrationManifest m = MigrationManifest.read(Path.of("sample-data/legacy-migration.manifest.csv"));
        assertThat(m.lines()).hasSize(16);
        MigrationManifest.Line first = m.lines().get(0);
        assertThat(first.lineNumber()).isEqualTo(2);
        assertThat(first.legacyRecordId()).isEqualTo("ARCH-LAB-1991-0001");
        assertThat(first.fileName()).isEqualTo("hprim-01.hpr");
        assertThat(first.expectedDocuments()).isEqualTo(2);
        assertThat(first.ins()).isNull(); // an archive of several patients names none
        assertThat(m.lines().get(1).ins()).isNull();
        assertThat(m.lines().get(2).ins()).isEqualTo("253072A00400773");
        assertThat(m.lines().get(2).expectedDocuments()).isNull();
        // ins.md: no full INS in a printed line
        assertThat(m.lines().get(2).toString()).doesNotContain("253072A00400773").contains("0773");
    }

    @Test
    void anUppercaseChecksumIsTheSameChecksum() throws Exception {
        assertThat(parse(HEADER + "R1,a.hpr," + SHA.toUpperCase() + ",,\n").lines().get(0).sha256()).isEqualTo(SHA);
    }

    @Test
    void eachBrokenFieldIsNamedWithItsLine() {
        assertRefused(HEADER + "R1,a.hpr," + SHA + ",,\nR2,b.hpr,abc,,\n", "manifest line 3, field sha256");
        assertRefused(HEADER + "R1,a.hpr," + SHA + ",176052B03351044,\n", "manifest line 2, field ins");
        assertRefused(HEADER + "R1,a.hpr," + SHA + ",,two\n", "manifest line 2, field expected_documents");
        assertRefused(HEADER + "R1,a.hpr," + SHA + ",,-1\n", "manifest line 2, field expected_documents");
        assertRefused(HEADER + ",a.hpr," + SHA + ",,\n", "manifest line 2, field legacy_record_id");
        assertRefused(HEADER + "R1,a.hpr," + SHA + ",,\nR1,b.hpr," + SHA + ",,\n", "manifest line 3, field legacy_record_id");
        assertRefused(HEADER + "R1,a.hpr," + SHA + ",,\nR2,a.hpr," + SHA + ",,\n", "manifest line 3, field file_name");
        assertRefused(HEADER + "R1,../etc/passwd," + SHA + ",,\n", "manifest line 2, field file_name");
        assertRefused(HEADER + "R1,sub/a.hpr," + SHA + ",,\n", "manifest line 2, field file_name");
    }

    @Test
    void aBrokenShapeIsRefusedWithItsLine() {
        assertRefused(HEADER + "R1,a.hpr," + SHA + "\n", "manifest line 2: 3 fields, 5 expected");
        assertRefused(HEADER + "R1,a.hpr," + SHA + ",,\n\nR2,b.hpr," + SHA + ",,\n", "manifest line 3: empty line");
        assertRefused("id,file,sha\nR1,a.hpr," + SHA + ",,\n", "manifest line 1: the header must be");
        assertRefused(HEADER, "the manifest lists no file");
        assertRefused("", "the manifest is empty");
        assertRefused(HEADER + "R1,\"a.hpr," + SHA + ",,\n", "malformed CSV");
    }

    @Test
    void aManifestInAnotherEncodingIsRefusedNamingTheLineOfItsFirstForeignByte(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // round 13, a migration tester: a spreadsheet's Windows-1252 export was "line 1: malformed CSV"
        StringBuilder text = new StringBuilder(HEADER);
        for (int i = 1; i <= 20; i++) {
            text.append("R").append(i).append(i == 14 ? ",compte-rendu-ophtalmologie-\u00e9t\u00e9.pdf," : ",f" + i + ".hpr,")
                    .append(SHA).append(",,\n");
        }
        Path file = dir.resolve("manifest.csv");
        java.nio.file.Files.write(file, text.toString().getBytes(java.nio.charset.Charset.forName("windows-1252")));
        assertThatThrownBy(() -> MigrationManifest.read(file)).isInstanceOf(FeedConfigException.class)
                .hasMessageStartingWith("manifest line 15: not UTF-8").hasMessageContaining("save it as CSV UTF-8");
        // the same with CR LF, and with CR alone (an old "CSV (Macintosh)" export)
        for (String end : new String[] {"\r\n", "\r"}) {
            java.nio.file.Files.write(file, text.toString().replace("\n", end).getBytes(java.nio.charset.Charset.forName("windows-1252")));
            assertThatThrownBy(() -> MigrationManifest.read(file)).hasMessageStartingWith("manifest line 15: not UTF-8");
        }
    }

    /** Round 29, a tester: a byte-order mark before a quoted header refused it; semicolons and a column more were not named. */
    @Test
    void aQuotedHeaderAfterAByteOrderMarkIsReadAndAWrongHeaderSaysWhy() throws Exception {
        MigrationManifest m = parse("\uFEFF\"legacy_record_id\",\"file_name\",\"sha256\",\"ins\",\"expected_documents\"\r\n"
                + "\"R1\",\"a.hpr\",\"" + SHA + "\",\"\",\"2\"\r\n");
        assertThat(m.lines()).hasSize(1);
        assertThat(m.lines().get(0).expectedDocuments()).isEqualTo(2);
        assertRefused("legacy_record_id;file_name;sha256;ins;expected_documents\n", "separated by semicolons");
        assertRefused("legacy_record_id,file_name,sha256,ins,expected_documents,archive_date\n", "a column more than these: archive_date");
    }

    @Test
    void theRefusalNeverQuotesTheValue() {
        assertThatThrownBy(() -> parse(HEADER + "R1,a.hpr," + SHA + ",176052B0335104,\n"))
                .hasMessageStartingWith("manifest line 2, field ins").hasMessageNotContaining("176052B0335104");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(FeedConfigException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
