package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.InsOid;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.domain.Rejection;
import fr.dmp.ingest.domain.Verdict;
import fr.dmp.ingest.domain.InsMode;
import fr.dmp.ingest.format.PatientIdentifier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of a source's identifiers is the INS (ins.md "Where the INS is"), per feed mode. */
class InsSelectorTest {

    static final String MATRICULE = "279035121518989"; // ins.md test vector, valid key
    static final PatientIdentifier IPP = new PatientIdentifier("12345", "1.2.250.1.71.4.2.2.1", "PI");

    static PatientIdentifier ins(InsOid oid) {
        return new PatientIdentifier(MATRICULE, oid.oid(), "INS");
    }

    static Ins accepted(Verdict<Ins> v) {
        assertThat(v).isInstanceOf(Verdict.Accepted.class);
        return ((Verdict.Accepted<Ins>) v).value();
    }

    static Rejection refused(Verdict<Ins> v) {
        assertThat(v).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused<Ins>) v).rejection();
    }

    @Test
    void aProductionFeedRefusesTheTestAndDemoOidsAndSaysSo() {
        for (InsOid test : List.of(InsOid.NIR_TEST, InsOid.NIR_DEMO)) {
            Rejection r = refused(InsSelector.select(List.of(IPP, ins(test)), InsMode.PRODUCTION));
            assertThat(r.reason()).isEqualTo(ReasonCode.INS_UNKNOWN_OID);
            assertThat(r.detail()).isEqualTo("test OID on a production feed");
            assertThat(accepted(InsSelector.select(List.of(IPP, ins(test)), InsMode.TEST)).oid()).isEqualTo(test);
        }
        assertThat(accepted(InsSelector.select(List.of(IPP, ins(InsOid.NIR)), InsMode.PRODUCTION)).oid()).isEqualTo(InsOid.NIR);
    }

    @Test
    void anInsNiaIsAcceptedAloneAndAnInsNirIsPreferredToIt() {
        assertThat(accepted(InsSelector.select(List.of(ins(InsOid.NIA)), InsMode.PRODUCTION)).oid()).isEqualTo(InsOid.NIA);
        assertThat(accepted(InsSelector.select(List.of(ins(InsOid.NIA), ins(InsOid.NIR)), InsMode.PRODUCTION)).oid())
                .isEqualTo(InsOid.NIR);
    }

    @Test
    void onlyTheRepetitionOfTypeInsIsTheIns() {
        PatientIdentifier localWithInsOid = new PatientIdentifier(MATRICULE, InsOid.NIR.oid(), "PI");
        assertThat(refused(InsSelector.select(List.of(localWithInsOid), InsMode.PRODUCTION)).reason())
                .isEqualTo(ReasonCode.INS_UNKNOWN_OID);
        // round 29, a tester: the detail says the type is what excludes it (it said "no identifier with an INS OID")
        assertThat(refused(InsSelector.select(List.of(new PatientIdentifier(MATRICULE, InsOid.NIR.oid(), "MR")), InsMode.PRODUCTION))
                .detail()).isEqualTo("an identifier under an INS OID has the type MR, not INS (CX-5 INS, NH or none)");
        // CDA and sidecars state no identifier type: the OID decides
        assertThat(accepted(InsSelector.select(List.of(new PatientIdentifier(MATRICULE, InsOid.NIR.oid(), null)),
                InsMode.PRODUCTION)).matricule()).isEqualTo(MATRICULE);
    }

    @Test
    void noIdentifierIsInsMissingAndABadKeyIsInsInvalid() {
        assertThat(refused(InsSelector.select(List.of(), InsMode.TEST)).reason()).isEqualTo(ReasonCode.INS_MISSING);
        Rejection r = refused(InsSelector.select(List.of(new PatientIdentifier("279035121518988", InsOid.NIR.oid(), "INS")),
                InsMode.PRODUCTION));
        assertThat(r.reason()).isEqualTo(ReasonCode.INS_INVALID);
        assertThat(r.detail()).doesNotContain("27903512");
    }

    /** Round 34, a tester of Austrian and epSOS CDAs: of two different INS the first valid one was taken, the other dropped. */
    @Test
    void twoDifferentInsInOneDocumentAreRefusedTheSameOneTwiceIsNot() {
        PatientIdentifier other = new PatientIdentifier("286127505607849", InsOid.NIR.oid(), "INS");
        for (List<PatientIdentifier> ids : List.of(List.of(ins(InsOid.NIR), other),
                // a wrong key first: a mistyped INS, maybe the patient's, then another patient's valid one
                List.of(new PatientIdentifier("279035121518988".replace("2790", "2791"), InsOid.NIR.oid(), "INS"), other))) {
            Rejection r = refused(InsSelector.select(ids, InsMode.PRODUCTION));
            assertThat(r.reason()).isEqualTo(ReasonCode.INS_INVALID);
            assertThat(r.detail()).startsWith("two different INS").doesNotContain("27903512", "28612750")
                    .contains("***********7849"); // masked, the last 4 characters only
        }
        // one matricule: under the production and the test OID, typed INS and NH, or with its key mistyped once
        assertThat(accepted(InsSelector.select(List.of(ins(InsOid.NIR), ins(InsOid.NIR_TEST),
                new PatientIdentifier(MATRICULE, InsOid.NIR.oid(), "NH")), InsMode.TEST)).matricule()).isEqualTo(MATRICULE);
        // the same matricule written in groups (a review)
        assertThat(accepted(InsSelector.select(List.of(ins(InsOid.NIR), new PatientIdentifier("2 79 03 51 215 189 89",
                InsOid.NIR.oid(), "INS")), InsMode.PRODUCTION)).matricule()).isEqualTo(MATRICULE);
        assertThat(accepted(InsSelector.select(List.of(new PatientIdentifier("279035121518988", InsOid.NIR.oid(), "INS"),
                ins(InsOid.NIR)), InsMode.PRODUCTION)).matricule()).isEqualTo(MATRICULE);
        // an INS-NIA beside the INS-NIR that replaced it: the NIR, as before
        assertThat(accepted(InsSelector.select(List.of(new PatientIdentifier("286127505607849", InsOid.NIA.oid(), "INS"),
                ins(InsOid.NIR)), InsMode.PRODUCTION)).oid()).isEqualTo(InsOid.NIR);
    }

    /** Round 31, a tester: a repetition of type INS whose authority names the INS without its OID said only "none among 2". */
    @Test
    void anIdentifierTypedInsWithoutAnInsOidIsSaidSo() {
        Rejection r = refused(InsSelector.select(List.of(IPP, new PatientIdentifier(MATRICULE, null, "INS")), InsMode.PRODUCTION));
        assertThat(r.reason()).isEqualTo(ReasonCode.INS_UNKNOWN_OID);
        assertThat(r.detail()).startsWith("an identifier of type INS has no INS OID").doesNotContain(MATRICULE);
        assertThat(refused(InsSelector.select(List.of(IPP), InsMode.PRODUCTION)).detail())
                .isEqualTo("no identifier with an INS OID among 1");
    }
}
