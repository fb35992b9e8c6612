package fr.dmp.ingest.classify;

import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.TypeHint;
import fr.dmp.ingest.format.hprim.HprimReader;
import fr.dmp.ingest.tools.generate.HprimBuilder;
import fr.dmp.ingest.tools.generate.SyntheticPatients;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HprimClassificationTest {

    private static final ReadContext CONTEXT = new ReadContext(StandardCharsets.ISO_8859_1, ZoneId.of("Europe/Paris"));
    private final DocumentClassifier classifier = new DocumentClassifier(Catalogue.load());

    private static SourceDocument hprim(String message) {
        return (SourceDocument) new HprimReader()
                .read(new InputFile("x.hpr", message.getBytes(StandardCharsets.ISO_8859_1), null), CONTEXT).get(0);
    }

    private static SourceDocument withHints(SourceDocument doc, List<TypeHint> hints) {
        var m = doc.meta();
        var meta = new fr.dmp.ingest.format.DocumentMeta(m.documentId(), m.setId(), m.version(), m.replacesId(), hints,
                m.title(), m.authorOrg(), m.creationTime(), m.confidentiality(), m.senderApp(), m.senderFacility(),
                m.messageId(), m.resultStatus(), m.orderId());
        return new SourceDocument(doc.index(), doc.format(), doc.messageType(), doc.patient(), meta, doc.content(),
                doc.observations(), doc.problems(), doc.repairs());
    }

    @Test
    void anHprimLabMessageIsALabReportLikeAnOru() {
        var p = SyntheticPatients.pool(1, 5).get(0);
        SourceDocument doc = hprim(new HprimBuilder().patient(p).build());
        Verdict<ClassifiedDocument> v = classifier.classify(doc);
        assertThat(v).isInstanceOf(Verdict.Accepted.class);
        Classification c = ((Verdict.Accepted<ClassifiedDocument>) v).value().classification();
        assertThat(c.type().code()).isEqualTo("11502-2");
        assertThat(c.confidence()).isEqualTo(1.0);
        assertThat(c.source()).isEqualTo("structured");
        assertThat(c.evidence()).containsExactly("hprim:H=HPRIM-LAB");
    }

    /**
     * Round 33, a tester: HPRIM Net carries letters too (HPRIM Médecins, Apicrypt); a discharge letter sent as a text
     * report was stored as a lab report. A text report is typed by its text when the model is confident, else a lab report.
     */
    @Test
    void anHprimNetTextReportIsTypedByItsTextAndStaysALabReportOtherwise() {
        Catalogue catalogue = Catalogue.load();
        DocumentClassifier withModel = new DocumentClassifier(catalogue,
                new ContentClassifier(ContentClassifier.shippedModel().orElseThrow(), TitleCues.load(catalogue)), ClassifyPolicy.defaults());
        String header = String.join("\r\n", "P1", "FAUXNOM", "JEAN", "", "", "", "28/02/1961", "1610213055001 35", "REQ-9",
                "05/11/2026", "750000101 CH FICTIF", "DR DESTINATAIRE", "");
        String letter = header + "\r\n" + String.join("\r\n", "COMPTE RENDU D'HOSPITALISATION",
                "Cher Confrère,", "Votre patient a été hospitalisé du 28/10 au 04/11 dans le service de cardiologie pour une"
                + " décompensation cardiaque globale sur fibrillation atriale rapide.",
                "Antécédents : hypertension artérielle, diabète de type 2.",
                "Évolution favorable sous diurétiques intraveineux, ralentissement de la fréquence par bêtabloquant,"
                + " anticoagulation introduite.", "Traitement de sortie : bisoprolol, furosémide, apixaban.",
                "Rendez-vous de consultation de cardiologie dans un mois.", "Bien confraternellement.", "****FIN****", "");
        Classification c = ((Verdict.Accepted<ClassifiedDocument>) withModel.classify(hprim(letter))).value().classification();
        assertThat(c.type().code()).isIn("34112-3", "11490-0");
        assertThat(c.evidence()).contains("hprim:NET-text=HPRIM-LAB");
        String lab = header + "\r\n" + String.join("\r\n", "Hémoglobine : 13.8 g/dL (12,0-16,0)", "****FIN****", "");
        Classification l = ((Verdict.Accepted<ClassifiedDocument>) withModel.classify(hprim(lab))).value().classification();
        assertThat(l.type().code()).isEqualTo("11502-2");
        // a LAB block is a lab report, whatever its text
        String structured = header + "\r\n" + "COMPTE RENDU D'HOSPITALISATION\r\n****LAB****\r\nRES|SODIUM|NA|N|140|mmol/l|136|145|N|F\r\n****FIN****\r\n";
        assertThat(((Verdict.Accepted<ClassifiedDocument>) withModel.classify(hprim(structured))).value().classification().type().code())
                .isEqualTo("11502-2");
    }

    @Test
    void anHprimNetReportIsALabReportToo() {
        var p = SyntheticPatients.pool(1, 5).get(0);
        SourceDocument doc = hprim(new HprimBuilder().patient(p).buildNet());
        Verdict<ClassifiedDocument> v = classifier.classify(doc);
        Classification c = ((Verdict.Accepted<ClassifiedDocument>) v).value().classification();
        assertThat(c.type().code()).isEqualTo("11502-2");
        assertThat(c.evidence()).containsExactly("hprim:LAB=HPRIM-LAB");
    }

    @Test
    void onlyTheHprimLabCodeOfTheHprimSystemDecides() {
        var p = SyntheticPatients.pool(1, 5).get(0);
        SourceDocument doc = hprim(new HprimBuilder().patient(p).build());
        SourceDocument other = withHints(doc, List.of(
                new TypeHint("HPRIM-ADM", "HPRIM-message", "HPRIM admission", "hprim:H"),
                new TypeHint("HPRIM-LAB", "another-system", "not ours", "x")));
        Verdict<ClassifiedDocument> v = classifier.classify(other);
        assertThat(v).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused<ClassifiedDocument>) v).rejection().reason()).isEqualTo(ReasonCode.TYPE_UNKNOWN);
    }
}
