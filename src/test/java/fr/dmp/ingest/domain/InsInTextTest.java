package fr.dmp.ingest.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 16 (an independent tester): senders name files after the patient, and the whole name went into reason files,
 * the audit trail and the operator's outputs. Every INS-like run is masked there as {@link Ins#mask} masks an INS.
 * The numbers are ins.md's test vectors, no real person's.
 */
class InsInTextTest {

    @Test
    void anInsInAFileNameIsMaskedInEveryWayASenderWritesIt() {
        assertThat(InsInText.masked("FICTIF_Jean_279035121518989.pdf")).isEqualTo("FICTIF_Jean_***********8989.pdf");
        assertThat(InsInText.masked("CR 2 79 03 51 215 189 89.pdf")).isEqualTo("CR ***********8989.pdf"); // printed form
        assertThat(InsInText.masked("ins-2.79.03.51.215.189.89.hl7")).isEqualTo("ins-***********8989.hl7");
        assertThat(InsInText.masked("269052A12345688-bilan.hl7")).isEqualTo("***********5688-bilan.hl7"); // Corsica
        assertThat(InsInText.masked("175122b01234529.xml")).isEqualTo("***********4529.xml");
        assertThat(InsInText.masked("2790351215189.pdf")).isEqualTo("*********5189.pdf"); // a NIR without its key
        assertThat(InsInText.masked("279035121518988.pdf")).isEqualTo("***********8988.pdf"); // wrong key: still masked
        assertThat(InsInText.masked("00279035121518989.hpr")).isEqualTo("00***********8989.hpr"); // inside a longer run: the INS only
        assertThat(InsInText.masked("a279035121518989b279035121518989")).doesNotContain("2790351215");
        // round 17's tester: groups separated by no-break spaces or underscores went out whole, a key after an underscore
        // showed six digits
        assertThat(InsInText.masked("2\u00A079\u00A003\u00A051\u00A0215\u00A0189\u00A089.pdf")).isEqualTo("***********8989.pdf");
        assertThat(InsInText.masked("2\u202F79\u202F03 51 215 189 89.pdf")).isEqualTo("***********8989.pdf");
        assertThat(InsInText.masked("NIR_2_790351215189_89.hl7")).isEqualTo("NIR_***********8989.hl7");
        assertThat(InsInText.masked("2790351215189_89.hl7")).isEqualTo("***********8989.hl7");
        assertThat(InsInText.masked("LAB_279035121518989_20261120.hl7")).isEqualTo("LAB_***********8989_20261120.hl7");
        // round 17's second tester: en dashes, a plus, double spaces, full-width digits, a middle dot
        for (String name : new String[] {"2–79–03–51–215–189–89.pdf", "2+79+03+51+215+189+89.pdf", "2  79  03  51  215  189  89.pdf",
                "２７９０３５１２１５１８９８９.pdf", "2·79·03·51·215·189·89.pdf", "2 79 03 51 215 189 89.pdf"}) {
            assertThat(InsInText.masked(name)).as(name).endsWith("8989.pdf").doesNotContain("2790").doesNotContain("215");
        }
    }

    /** Round 29's left items: colons, semicolons, invisible characters between the groups, and digits of other scripts. */
    @Test
    void aNirWithInvisibleSeparatorsOrDigitsOfAnotherScriptIsMaskedToo() {
        for (String name : new String[] {"2\u200E79\u200F03\u202A51\u202C215\u2066189\u206989.pdf", "2\t79\t03 51 215 189 89.pdf",
                "2\u200879\u205F03 51 215 189 89.pdf", "2\uFF0D79\uFF0E03\u202451 215 189 89.pdf", "2\u206279035121518989.pdf",
                "2\u200B79\u200B03\u200B51\u200B215\u200B189\u200B89.pdf", "279035\u2060121518989.pdf", "2790351\uFEFF21518989.pdf",
                "27903512\u00AD1518989.pdf", "2790\u200C3512\u200D1518989.pdf"}) {
            assertThat(InsInText.masked(name)).as(name).endsWith("8989.pdf").doesNotContain("2790").doesNotContain("215");
        }
        // round 30, an attacker: a Corsican INS in Arabic-Indic or Devanagari digits, a control character inside one
        assertThat(InsInText.masked("FICTIF_\u0661\u0661\u0661\u0660\u0662\u0662B\u0660\u0663\u0663\u0669\u0666\u0663\u0661\u0661.xml"))
                .isEqualTo("FICTIF_***********6311.xml");
        assertThat(InsInText.masked("FICTIF_\u0967\u0967\u0967\u0966\u0968\u0968B\u0966\u0969\u0969\u096F\u096C\u0969\u0967\u0967.xml"))
                .isEqualTo("FICTIF_***********6311.xml");
        assertThat(InsInText.masked("FICTIF_11102\u00012B03396311.xml")).isEqualTo("FICTIF_***********6311.xml");
        // Arabic-Indic and Devanagari digits: the number is still somebody's, whatever script prints it
        assertThat(InsInText.masked("\u0662\u0667\u0669\u0660\u0663\u0665\u0661\u0662\u0661\u0665\u0661\u0668\u0669\u0668\u0669.pdf"))
                .isEqualTo("***********8989.pdf");
        assertThat(InsInText.masked("CR \u0968\u096D\u096F\u0966\u0969\u096B\u0967\u0968\u0967\u096B\u0967\u096E\u096F\u096E\u096F"))
                .isEqualTo("CR ***********8989");
        // times and short lists keep their colons and semicolons (round 30, a reviewer: colons as separators masked times)
        for (String text : new String[] {"08:30:00", "2026-11-20 08:30:00", "lots 12; 15; 18", "OBX-5: 12,5 mg/L", "ratio 1:1000",
                "2026-11-20 08:30:00.0", "20/11/2026 8:30:00", "2026-11-20 8:30:00", "lot 12:34:56:78:90:123"}) {
            assertThat(InsInText.masked(text)).isEqualTo(text);
        }
    }

    /** Round 32, a tester: an INS dotted in other groups read as an OID, and one split by full-width slashes, went out whole. */
    @Test
    void anInsDottedInOtherGroupsOrSplitByFullWidthSlashesIsMasked() {
        for (String name : new String[] {"dot_1.3206.1305.5877.62.hl7", "sl_1\uFF0F32\uFF0F06\uFF0F13\uFF0F055\uFF0F877\uFF0F62.hl7",
                "fr_1\u204432\u204406\u204413\u2044055\u2044877\u204462.hl7"}) {
            assertThat(InsInText.masked(name)).as(name).doesNotContain("3206").doesNotContain("1305").contains("62.hl7")
                    .doesNotContain("06\uFF0F13").doesNotContain("06\u204413");
        }
        assertThat(InsInText.masked("OID 1.2.250.1.213.1.4.10")).as("the INS OID: 13 digits, stays").isEqualTo("OID 1.2.250.1.213.1.4.10");
        // an attacker: commas, semicolons, colons, tildes, hashes, ampersands, backslashes, a full-width comma, an
        // ideographic full stop between the groups of a right INS
        for (String sep : new String[] {",", ";", ":", "~", "'", "\u2022", "=", "#", "&", "\\", ")(", "\uFF0C", "\u3002"}) {
            String name = "x_" + String.join(sep, "1", "32", "06", "13", "055", "877", "62") + ".hl7";
            assertThat(InsInText.masked(name)).as(name).doesNotContain("055").endsWith("7762.hl7");
        }
        assertThat(InsInText.masked("OBR-7 2026-11-20 08:30:00.0, 12:45:30")).as("times stay").isEqualTo("OBR-7 2026-11-20 08:30:00.0, 12:45:30");
        // an attacker: mathematical bold digits, two chars each, were no digits to the mask
        StringBuilder bold = new StringBuilder("cr_");
        "132061305587762".chars().forEach(d -> bold.appendCodePoint(0x1D7CE + d - '0'));
        assertThat(InsInText.masked(bold + ".pdf")).isEqualTo("cr_***********7762.pdf");
    }

    /**
     * Round 33, a tester: a refusal's candidates were masked where 15 of their digits happened to have a right key (one list
     * in twenty), and the type codes an operator assigns from could not be read; an INS split by one separator still is.
     */
    @Test
    void aRefusalsCandidatesStayReadable() {
        for (String detail : new String[] {"candidates UNKNOWN:0.50, 57828-6:0.00, 60591-5:0.06",
                "candidates UNKNOWN:0.50, 57828-6:0.02, 11502-2:0.02", "confidence under 0.70; candidates UNKNOWN:0.50, 57828-6:0.02, 60591-5:0.00"}) {
            assertThat(InsInText.masked(detail)).isEqualTo(detail);
        }
        assertThat(InsInText.masked("candidates UNKNOWN:0.50, NIR 1,32,06,13,055,877,62")).doesNotContain("055").endsWith("7762");
        // a review: an INS split by two kinds of separator is masked too
        for (String mixed : new String[] {"NIR 1,32,06,13,055,877 62", "1;32;06;13;055;877,62", "x:1.32,06,13,055,877,62",
                "X_1 - 320613055877 - 62.hl7", "DUPONT_1 - 32 - 06 - 13 - 055 - 877 - 62.hl7"}) {
            assertThat(InsInText.masked(mixed)).as(mixed).doesNotContain("055").doesNotContain("877");
        }
    }

    @Test
    void datesTimesAndOtherNumbersStayAsTheyAre() {
        for (String name : new String[] {"ORU_20261120083000.hl7", "CR-20261120.pdf", "lot 750000001.hpr", "CR_20261120_0830.hl7",
                "202611200830.xml", "page 12 B.pdf", "Zoé d'Été.pdf", "CR_2026-11-20_08h30.pdf", "12345678901234567890.hl7",
                "ORU_20261120083000_0001.hl7", "ADT_A01_20261120083000.hl7", "Facture 750000001 20261120.pdf",
                "OBR-7 20261120083000+0100", "1.2.250.1.213.1.4.10.1750000001.2", "2.16.840.1.113883.6.96", "code system 2.16.840.1.113883.6.1", "1.2.250.1.213.1.1.4.12", "OID 1.2.250.1.213.1.4.10",
                "1.2.250.1.213.1.1.9^R13-V1", ""}) {
            assertThat(InsInText.masked(name)).isEqualTo(name);
        }
        assertThat(InsInText.masked(null)).isNull();
    }

    /** Round 28, an operator: a window whose key happened to be right, before the INS, left its last 7 digits shown. */
    @Test
    void anInsInsideALongerRunIsMaskedWhateverOtherWindowsLookValid() {
        String masked = InsInText.masked("2026110213206130558776200.hl7");
        assertThat(masked).doesNotContain("5587762").doesNotContain("132061305587762");
        assertThat(masked).isEqualTo("20261" + "*".repeat(16) + "6200.hl7"); // round 29: also the NIR a date glued before would be
    }

    /** Round 28's left item, and round 29's review: a NIR without its key beside a date was shown, whole or for the most part. */
    @Test
    void aNirBesideADateIsMaskedWhateverWindowLooksValid() {
        assertThat(InsInText.masked("20261207_1790351215189.hl7")).isEqualTo("20261207_*********5189.hl7");
        assertThat(InsInText.masked("202612071790351215189.hl7")).isEqualTo("20261207*********5189.hl7");
        assertThat(InsInText.masked("1790351215189_20261207.hl7")).isEqualTo("*********5189_20261207.hl7");
        assertThat(InsInText.masked("CR_20261207_1610590394957.pdf")).isEqualTo("CR_20261207_*********4957.pdf");
        assertThat(InsInText.masked("ORU 20261120 1790351215189.hl7")).isEqualTo("ORU 20261120 *********5189.hl7");
        assertThat(InsInText.masked("20261120083000_279035121518989.hl7")).isEqualTo("20261120083000_***********8989.hl7");
        assertThat(InsInText.masked("1790351215189_5.hl7")).isEqualTo("*********5189_5.hl7");
        assertThat(InsInText.masked("5_1790351215189.hl7")).isEqualTo("5_*********5189.hl7");
        // every NIR of a date beside it, drawn: never more than its last 4 digits shown
        java.util.Random r = new java.util.Random(29);
        for (int i = 0; i < 20_000; i++) {
            String nir = (1 + r.nextInt(2)) + String.format("%012d", (long) (r.nextDouble() * 1e12));
            String name = "CR_2026120" + r.nextInt(10) + "_" + nir + ".pdf";
            assertThat(InsInText.masked(name)).as(name).doesNotContain(nir.substring(0, 9 + 0)).endsWith(nir.substring(9) + ".pdf");
        }
    }

    /** Round 29, an attacker: two NIRs in one name, a Corsican one in groups or in full-width letters, one was shown. */
    @Test
    void twoInsInOneNameAndCorsicanShapesAreAllMasked() {
        assertThat(InsInText.masked("i6_1852A1234567863_279035121518989.hl7")).doesNotContain("1234567").doesNotContain("27903512");
        assertThat(InsInText.masked("j2_1 85 2A 12 345 678 63.hl7")).doesNotContain("345 678");
        assertThat(InsInText.masked("i1_\uFF11\uFF18\uFF15\uFF12\uFF21\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF16\uFF13.hl7"))
                .startsWith("i1_***********");
        assertThat(InsInText.masked("a_269052A12345688_175122B01234529.xml")).isEqualTo("a_" + "*".repeat(26) + "4529.xml");
    }

    /** Round 29, an attacker: a NIR sent as a confidentiality code was written whole in the reason file's detail. */
    @Test
    void everyRefusalsDetailIsMaskedWhereItIsMade() {
        assertThat(Rejection.of(ReasonCode.METADATA_INVALID, "confidentiality code 279035121518989 not in the list").detail())
                .isEqualTo("confidentiality code ***********8989 not in the list");
    }

    @Test
    void printableTextMasksTheInsToo() {
        assertThat(Printable.of("FICTIF\u001b_279035121518989.pdf")).isEqualTo("FICTIF\\x1b_***********8989.pdf");
    }
}
