package fr.dmp.ingest.tools.generate;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.Observation;
import fr.dmp.ingest.format.PatientIdentifier;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.ReadItem;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.hprim.HprimReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HprimBuilderTest {

    private static final ReadContext CONTEXT = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));
    private static final List<SyntheticPatient> POOL = SyntheticPatients.pool(6, 42);

    private static List<ReadItem> read(byte[] bytes) {
        return new HprimReader().read(new InputFile("x.hpr", bytes, null), CONTEXT);
    }

    private static SourceDocument readOne(String message) {
        List<ReadItem> items = read(message.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(items).hasSize(1);
        assertThat(items.get(0)).isInstanceOf(SourceDocument.class);
        return (SourceDocument) items.get(0);
    }

    private static void assertIdentity(SourceDocument doc, SyntheticPatient p) {
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.patient().identifiers())
                .contains(new PatientIdentifier(p.ins(), SyntheticPatient.TEST_OID, "INS"));
        assertThat(doc.patient().identifiers()).filteredOn(i -> i.oid() != null).hasSize(1);
        assertThat(doc.patient().traits().birthName()).isEqualTo(p.birthName());
        assertThat(doc.patient().traits().firstNames()).isEqualTo(p.firstNames());
        assertThat(doc.patient().traits().sex()).isEqualTo(p.sex());
        assertThat(doc.patient().traits().birthDate()).isEqualTo(BirthDate.of(p.birthDate()));
    }

    @Test
    void aBuiltMessageIsReadBackWithTheInsInP5() {
        SyntheticPatient p = POOL.get(0);
        String message = new HprimBuilder().patient(p).observations(4)
                .comment("Hémolyse | légère ~ à contrôler \\ ^ &").build();
        assertThat(message).startsWith("H|~^\\&|").contains("|" + p.ins() + "~~~1.2.250.1.213.1.4.10~INS|")
                .endsWith("L|1\r\n");
        SourceDocument doc = readOne(message);
        assertIdentity(doc, p);
        assertThat(doc.observations()).hasSize(4).allSatisfy(o -> assertThat(o.numericValue()).isNotNull());
        assertThat(doc.meta().authorOrg()).isEqualTo(OruBuilder.LABS.get(0).finess());
        assertThat(doc.meta().creationTime()).isNotNull();
        assertThat(doc.content().text()).contains("Hémolyse | légère ~ à contrôler \\ ^ &");
    }

    @Test
    void otherDelimitersAndContinuationLinesReadBackTheSame() {
        SyntheticPatient p = POOL.get(1);
        HprimBuilder plain = new HprimBuilder().patient(p).observations(6).seed(7);
        HprimBuilder odd = new HprimBuilder().patient(p).observations(6).seed(7)
                .delimiters("!:@#$").lineLimit(40).lineEnd("\r");
        String oddMessage = odd.build();
        assertThat(oddMessage).startsWith("H!:@#$!").contains("\rA!");
        SourceDocument a = readOne(plain.build());
        SourceDocument b = readOne(oddMessage);
        assertIdentity(b, p);
        assertThat(b.observations()).usingRecursiveFieldByFieldElementComparator().isEqualTo(a.observations());
        assertThat(b.content().text()).isEqualTo(a.content().text());
    }

    @Test
    void writeMessagesWritesReadableMessagesOneAfterTheOther() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = HprimBuilder.writeMessages(out, 25, POOL, 99, StandardCharsets.ISO_8859_1);
        assertThat(written).isEqualTo(out.size());
        List<ReadItem> items = read(out.toByteArray());
        assertThat(items).hasSize(25).allMatch(i -> i instanceof SourceDocument);
        for (int i = 0; i < items.size(); i++) {
            SourceDocument doc = (SourceDocument) items.get(i);
            assertIdentity(doc, POOL.get(i % POOL.size()));
            assertThat(doc.observations()).extracting(Observation::numericValue).doesNotContainNull();
        }
        SourceDocument odd = (SourceDocument) items.get(1);
        assertThat(odd.observations()).extracting(Observation::value)
                .noneMatch(v -> v.contains(".")).anyMatch(v -> v.contains(","));
        SourceDocument even = (SourceDocument) items.get(2);
        assertThat(even.observations()).extracting(Observation::value).noneMatch(v -> v.contains(","));
    }

    @Test
    void aBuiltHprimNetReportIsReadBackWithoutAnOid() {
        SyntheticPatient p = POOL.get(2);
        String report = new HprimBuilder().patient(p).observations(3).commaDecimals(true).buildNet();
        assertThat(report).contains("\r\n****LAB****\r\nRES|").endsWith("****FINLAB****\r\n****FIN****\r\n");
        SourceDocument doc = readOne(report);
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.patient().identifiers()).extracting(PatientIdentifier::oid).containsOnlyNulls();
        assertThat(doc.patient().identifiers()).extracting(PatientIdentifier::value).contains(p.ins());
        assertThat(doc.patient().traits().birthDate()).isEqualTo(BirthDate.of(p.birthDate()));
        assertThat(doc.observations()).hasSize(3).allSatisfy(o -> assertThat(o.numericValue()).isNotNull());
    }
}
