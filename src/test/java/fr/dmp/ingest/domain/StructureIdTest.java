package fr.dmp.ingest.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15 item 5, rules.md R9: organisations' identifiers as the ANS writes them, persons' never taken for one. */
class StructureIdTest {

    private static final String STRUCTURE = StructureId.STRUCTURE_OID;
    private static final String PERSON = StructureId.PERSON_OID;

    @Test
    void r9_oneThenAFinessIsThatFinessThreeThenASiretStaysAStructureId() {
        assertThat(StructureId.organisation(STRUCTURE, "1750000001")).contains("750000001");
        assertThat(StructureId.organisation(STRUCTURE, "12B0000001")).contains("2B0000001");
        assertThat(StructureId.organisation(STRUCTURE, "1970000001")).contains("970000001");
        assertThat(StructureId.organisation(STRUCTURE, "373282932000074")).contains("373282932000074");
        assertThat(StructureId.organisation(STRUCTURE, "750000001")).as("a bare FINESS").contains("750000001");
        assertThat(StructureId.organisation(STRUCTURE, "130000001")).as("a bare FINESS that starts with 1").contains("130000001");
    }

    @Test
    void r9_whatIsNeitherNamesNoOrganisation() {
        assertThat(StructureId.organisation(STRUCTURE, "17500000")).isEmpty(); // 1 + eight digits
        assertThat(StructureId.organisation(STRUCTURE, "37328293200007")).isEmpty(); // 3 + thirteen digits
        assertThat(StructureId.organisation(STRUCTURE, "4123456789")).isEmpty(); // another type than FINESS or SIRET
        assertThat(StructureId.organisation(STRUCTURE, "")).isEmpty();
        assertThat(StructureId.organisation(STRUCTURE, null)).isEmpty();
    }

    @Test
    void r9_thePersonsOidNeverNamesAnOrganisationEvenWhenItsExtensionLooksLikeAFiness() {
        assertThat(StructureId.organisation(PERSON, "751012345")).isEmpty(); // an ADELI number: nine digits
        assertThat(StructureId.organisation(PERSON, "810000000001")).isEmpty(); // 8 + RPPS
        assertThat(StructureId.organisation("1.2.250.1.999", "750000001")).as("another root: a FINESS extension").contains("750000001");
    }
}
