package fr.dmp.ingest.validate;

import fr.dmp.ingest.classify.Classification;
import fr.dmp.ingest.classify.ClassifiedDocument;
import fr.dmp.ingest.classify.DocumentType;
import fr.dmp.ingest.domain.IdentityStatus;
import fr.dmp.ingest.domain.InsMode;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.format.InputFile;
import fr.dmp.ingest.format.ReadContext;
import fr.dmp.ingest.format.SourceDocument;
import fr.dmp.ingest.format.hl7.Hl7Reader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reasons.md DATE_INVALID. Round 28, a tester on STARLIMS messages: a year {@code 0000} or {@code 0001} written for
 * "unknown" in OBX-14 was read, then refused by the database: the file was quarantined INTERNAL_ERROR (for the
 * developers) instead of DATE_INVALID (for the sender), and a chunk rolled back for it.
 */
class DocumentDatesTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    private final DocumentValidator validator = new DocumentValidator(
            new IdentityRules(InsMode.TEST, Set.of(IdentityStatus.QUAL), false), NOW, "750000001");

    private static final String PID = "PID|1||279035121518989^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.10&ISO^INS||"
            + "ÉLODIE-TEST^Zoé^Zoé^^^^L||BIRTH|F|||^^^^^^BDL^^75056|||||||||||||||||||||QUAL";

    private Verdict<ValidatedDocument> validate(String birth, String obx14) {
        String message = "MSH|^~\\&|LIS|LABO^1.2.250.1.71.4.2.2.1^ISO|DMP|DMP|20261120101500+0100||ORU^R01^ORU_R01|M-D|P|2.5.1\r"
                + PID.replace("BIRTH", birth) + "\r"
                + "OBR|1|CMD-1|RES-1|24331-1^Bilan^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-6.1|N|||F|||" + obx14 + "\r";
        SourceDocument doc = (SourceDocument) new Hl7Reader().read(new InputFile("x.hl7", message.getBytes(StandardCharsets.UTF_8), null),
                new ReadContext(StandardCharsets.UTF_8, ZoneId.of("Europe/Paris"))).get(0);
        assertThat(doc.problems()).isEmpty();
        DocumentType type = new DocumentType("11502-2", "LOINC", "2.16.840.1.113883.6.1", "CR d'examens biologiques", "10");
        return validator.validate(new ClassifiedDocument(doc, new Classification(type, 1.0, "test", List.of())));
    }

    @Test
    void aResultDatedYearZeroOrOneIsADateErrorNamingTheResult() {
        for (String year : new String[] {"00000101", "0000", "00010101120000", "18491231"}) {
            Verdict<ValidatedDocument> v = validate("19790315", year);
            assertThat(v).as(year).isInstanceOf(Verdict.Refused.class);
            Verdict.Refused<ValidatedDocument> r = (Verdict.Refused<ValidatedDocument>) v;
            assertThat(r.rejection().reason()).as(year).isEqualTo(ReasonCode.DATE_INVALID);
            assertThat(r.rejection().detail()).as(year).isEqualTo("result 1: observation time before 1850");
        }
        assertThat(validate("19790315", "20261120080000+0100")).isInstanceOf(Verdict.Accepted.class);
        assertThat(validate("19790315", "")).isInstanceOf(Verdict.Accepted.class); // the order's time
    }

    @Test
    void aCreationTimeBefore1850IsADateError() {
        // the report time (OBR-22) dates the document: 1849 there
        DocumentValidator v = validator;
        String message = "MSH|^~\\&|LIS|LABO^1.2.250.1.71.4.2.2.1^ISO|DMP|DMP|20261120101500+0100||ORU^R01^ORU_R01|M-D|P|2.5.1\r"
                + PID.replace("BIRTH", "19790315") + "\r"
                + "OBR|1|CMD-1|RES-1|24331-1^Bilan^LN|||18491120080000|||||||||||||||18491120100000|||F\r"
                + "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-6.1|N|||F\r";
        SourceDocument doc = (SourceDocument) new Hl7Reader().read(new InputFile("x.hl7", message.getBytes(StandardCharsets.UTF_8), null),
                new ReadContext(StandardCharsets.UTF_8, ZoneId.of("Europe/Paris"))).get(0);
        DocumentType type = new DocumentType("11502-2", "LOINC", "2.16.840.1.113883.6.1", "CR d'examens biologiques", "10");
        Verdict.Refused<ValidatedDocument> r = (Verdict.Refused<ValidatedDocument>) v.validate(
                new ClassifiedDocument(doc, new Classification(type, 1.0, "test", List.of())));
        assertThat(r.rejection().detail()).isEqualTo("creation time before 1850");
    }

    @Test
    void aResultDatedInTheFutureIsADateError() {
        Verdict.Refused<ValidatedDocument> r = (Verdict.Refused<ValidatedDocument>) validate("19790315", "20270101");
        assertThat(r.rejection().detail()).isEqualTo("result 1: observation time in the future");
    }

    @Test
    void aBirthYearZeroOrBefore1850IsADateError() {
        for (String birth : new String[] {"00010101", "1849"}) {
            Verdict.Refused<ValidatedDocument> r = (Verdict.Refused<ValidatedDocument>) validate(birth, "");
            assertThat(r.rejection().reason()).as(birth).isEqualTo(ReasonCode.DATE_INVALID);
            assertThat(r.rejection().detail()).as(birth).isEqualTo("birth date before 1850");
        }
        assertThat(validate("1850", "")).isInstanceOf(Verdict.Accepted.class);
    }
    /** Round 29, a tester (rules.md R6): a CDA and a sidecar stating N and V were stored [N, V]. */
    @Test
    void twoHl7ConfidentialityLevelsAreRefused() {
        String message = "MSH|^~\\&|LIS|LABO^1.2.250.1.71.4.2.2.1^ISO|DMP|DMP|20261120101500+0100||ORU^R01^ORU_R01|M-D|P|2.5.1\r"
                + PID.replace("BIRTH", "19790315") + "\r"
                + "OBR|1|CMD-1|RES-1|24331-1^Bilan^LN|||20261120080000+0100|||||||||||||||20261120100000+0100|||F\r"
                + "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L|3.9-6.1|N|||F\r";
        SourceDocument read = (SourceDocument) new Hl7Reader().read(new InputFile("x.hl7", message.getBytes(StandardCharsets.UTF_8), null),
                new ReadContext(StandardCharsets.UTF_8, ZoneId.of("Europe/Paris"))).get(0);
        DocumentType type = new DocumentType("11502-2", "LOINC", "2.16.840.1.113883.6.1", "CR d'examens biologiques", "10");
        java.util.function.Function<List<String>, Verdict<ValidatedDocument>> with = codes -> {
            var m = read.meta();
            var meta = new fr.dmp.ingest.format.DocumentMeta(m.documentId(), m.setId(), m.version(), m.replacesId(), m.typeHints(),
                    m.title(), m.authorOrg(), m.creationTime(), codes, m.senderApp(), m.senderFacility(), m.messageId(),
                    m.resultStatus(), m.orderId());
            SourceDocument doc = new SourceDocument(read.index(), read.format(), read.messageType(), read.patient(), meta,
                    read.content(), read.observations(), read.problems(), read.repairs(), read.flags());
            return validator.validate(new ClassifiedDocument(doc, new Classification(type, 1.0, "test", List.of())));
        };
        Verdict.Refused<ValidatedDocument> r = (Verdict.Refused<ValidatedDocument>) with.apply(List.of("N", "V"));
        assertThat(r.rejection().reason()).isEqualTo(ReasonCode.METADATA_INVALID);
        assertThat(r.rejection().detail()).isEqualTo("confidentiality levels N and V both stated: one HL7 level per document (N, R or V)");
        assertThat(with.apply(List.of("V", "MASQUE_PS"))).isInstanceOf(Verdict.Accepted.class);
        assertThat(with.apply(List.of("R", "R"))).isInstanceOf(Verdict.Accepted.class);
    }
}
