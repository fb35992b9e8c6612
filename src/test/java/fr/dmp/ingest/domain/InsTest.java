package fr.dmp.ingest.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control key of the INS matricule, with the vectors of shared/domain/ins.md. */
class InsTest {

    @ParameterizedTest(name = "{0} valid={1} ({2})")
    @CsvSource(delimiter = ';', value = {
            "279035121518989;true;ANS published test patient",
            "185057800608491;true;",
            "269052A12345688;true;Corsica 2A computed with 19",
            "175122B01234529;true;Corsica 2B computed with 18",
            "155129912345637;true;born abroad (99)",
            "286127505607849;true;",
            "184059934512334;true;",
            "293029710500181;true;overseas (97)",
            "279035121518988;false;wrong key",
            "269052A12345687;false;wrong key",
            "269052B12345688;false;2B with a 2A key",
            "27903512151898;false;14 characters",
            "2790351215189899;false;16 characters",
            "27903512151A989;false;letter outside positions 6-7",
            "'2790351215189 89';false;embedded space",
            "000000000000000;false;key 00 is never produced"})
    void vectorsOfInsMd(String matricule, boolean valid, String why) {
        assertThat(Ins.isValid(matricule)).as(why == null ? matricule : why).isEqualTo(valid);
    }

    @Test
    void spacesAroundTheNumberAreTrimmedButNotInside() {
        assertThat(Ins.isValid("  279035121518989 ")).isTrue();
        assertThat(Ins.of(" 279035121518989", InsOid.NIR_TEST).matricule()).isEqualTo("279035121518989");
    }

    @Test
    void theMaskedFormKeepsOnlyTheLastFourCharacters() {
        Ins ins = Ins.of("279035121518989", InsOid.NIR_TEST);
        assertThat(ins.masked()).isEqualTo("***********8989");
        assertThat(ins.toString()).doesNotContain("27903512");
        assertThatThrownBy(() -> Ins.of("279035121518988", InsOid.NIR)).hasMessageNotContaining("2790351215189");
    }

    @Test
    void theProblemSaysWhyWithoutTheNumber() {
        assertThat(Ins.problem("279035121518988")).hasValueSatisfying(p ->
                assertThat(p).contains("control key").contains("***********8988").doesNotContain("27903512"));
        // round 29: a birth date read in the INS's place showed its year, the last 4 characters of a masked short value
        assertThat(Ins.problem("15/07/1985")).contains("matricule of 10 characters, 15 expected (**********)");
        // round 35, a tester: a name or an address line read in the NIR's place showed its last letters ("*************ÈVRE")
        assertThat(Ins.problem("ROBIN née LEFÈVRE")).contains("matricule of 17 characters, 15 expected (*****************)");
        assertThat(Ins.problem("12 rue de la Prairie")).get().asString().doesNotContain("irie");
        assertThat(Ins.problem("2790351215189AB")).contains("matricule with a character out of place (***************)");
        assertThat(Ins.problem("27903512151898")).contains("matricule of 14 characters, 15 expected (**********8989)".replace("8989", "1898"));
    }
    // properties over drawn numbers: InsPropertiesTest (jqwik)
}
