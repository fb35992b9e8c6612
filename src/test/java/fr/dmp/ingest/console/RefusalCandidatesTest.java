package fr.dmp.ingest.console;

import fr.dmp.ingest.classify.Catalogue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 23, an operator following docs/console.md: the sample nursing prescription's refusal names PRESC-INF first,
 * but the console offered only its LOINC candidates (the pattern knew LOINC codes alone), so the right type was found
 * only in the list of every type.
 */
class RefusalCandidatesTest {

    @Test
    void theCandidatesOfARefusalAreEveryCodeItNamesAnsCodesIncludedInItsOrder() {
        String detail = "confidence under 0.70; candidates PRESC-INF:0.53, 57832-8:0.30, 57833-6:0.06";
        assertThat(QuarantineController.named(detail)).extracting(n -> n.code() + "=" + n.probability())
                .containsExactly("PRESC-INF=0.53", "57832-8=0.30", "57833-6=0.06");
        assertThat(QuarantineController.named("candidates UNKNOWN:0.27, EXPPAT_3:0.16, ATTEST-ASS-COMPL:0.11"))
                .extracting(QuarantineController.Named::code).containsExactly("UNKNOWN", "EXPPAT_3", "ATTEST-ASS-COMPL");
        // every code the model can name is a type of the catalogue, so the console can offer it
        Catalogue catalogue = Catalogue.load();
        for (String code : List.of("PRESC-INF", "PRESC-KINE", "CERT_DECL", "EXPPAT_3", "57832-8")) {
            assertThat(catalogue.type(code)).as(code).isPresent();
        }
        assertThat(QuarantineController.named("no candidate: a scan without text")).isEmpty();
    }
}
