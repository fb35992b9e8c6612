package fr.dmp.ingest.validate;

import fr.dmp.ingest.domain.BirthDate;
import fr.dmp.ingest.domain.Sex;
import fr.dmp.ingest.domain.Traits;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ins.md, traits second round: Latin letters (diacritics allowed), space, hyphen, apostrophe variants; INSEE birth place. */
class TraitCharactersTest {

    @Test
    void frenchNamesHold() {
        for (String name : List.of("FICTIF", "DÉMO-TEST", "L'ESSAI", "N’DIAYE", "Zoé", "Gaëtan", "Marie Claire",
                "ŒUVRE", "Lætitia", "Zoe\u0301", "ÇA‐VA", "Anaïs–Noël", "Saint\u2011Éloi", "D\u02BCARC")) {
            assertThat(TraitCharacters.name("n", name)).as(name).isEmpty();
        }
        assertThat(TraitCharacters.name("n", null)).isEmpty();
        assertThat(TraitCharacters.problem(traits("FICTIF", List.of("Zoé", "Anne"), "2A004"))).isEmpty();
    }

    /** Round 11: Latin letters with no decomposition (a stroke, a ligature of their own) are Latin letters (ins.md). */
    @Test
    void latinLettersWithAStrokeHoldButNotFullWidthOrModifierForms() {
        for (String name : List.of("Małgorzata", "WÓJCIK-ŚLIWA", "ØSTERGAARD", "Đorđe", "Strauß", "Jaŭhien", "ŞAHİN")) {
            assertThat(TraitCharacters.name("n", name)).as(name).isEmpty();
        }
        assertThat(TraitCharacters.name("n", "ＡＮＮＥ")).as("full width").isPresent();
        assertThat(TraitCharacters.name("n", "Maʳie")).as("modifier letter").isPresent();
        assertThat(TraitCharacters.name("n", "Maªie")).as("ordinal").isPresent();
    }

    /**
     * Round 16 (an independent tester): what people type for a space, an apostrophe or a hyphen was refused
     * IDENTITY_NOT_QUALIFIED, and a tab was stored from HL7 but refused from a sidecar. Each folds to one space.
     */
    @Test
    void typedSeparatorsHoldAndCompareAsTheSeparatorTheyStandFor() {
        for (String name : List.of("D\u00A0ARC", "D\u202FARC", "D\tARC", "D\u2018ARC", "D`ARC", "D\u00B4ARC", "D\u02BBARC",
                "D\u2014ARC", "D\u2012ARC", "D\u2212ARC")) {
            assertThat(TraitCharacters.name("n", name)).as(name).isEmpty();
            assertThat(Traits.normaliseName(name)).as(name).isEqualTo("D ARC");
        }
    }

    /** Round 17 (an independent tester): UTF-8 read as 8859/1 opened a dossier named LECÅ’UR; never a name. */
    @Test
    void utf8ReadInASingleByteSetIsNoName() {
        for (String name : List.of("LECÅ’UR", "MARTÃ’", "ZoÃ©", "HÃ‰LOÃ¯SE")) {
            assertThat(TraitCharacters.name("n", name)).as(name).get().asString().contains("wrongly declared character set");
        }
        for (String name : List.of("LECŒUR", "JOÃO", "Zoé", "Ãlvaro", "ÅSA", "Åke Öberg", "Ĳsselmuiden")) {
            assertThat(TraitCharacters.name("n", name)).as(name).isEmpty();
        }
        assertThat(Traits.normaliseName("ĲSSELMUIDEN")).isEqualTo("IJSSELMUIDEN");
    }

    @Test
    void otherScriptsDigitsSymbolsAndStackedMarksDoNot() {
        assertThat(TraitCharacters.name("birth name", "HΙLOΟSE")).get().asString()
                .contains("birth name").contains("greek letter").doesNotContain("HΙLOΟSE");
        assertThat(TraitCharacters.name("n", "Иван")).get().asString().contains("cyrillic letter");
        assertThat(TraitCharacters.name("n", "FICTIF2")).get().asString().contains("digit");
        assertThat(TraitCharacters.name("n", "A_B")).get().asString().contains("U+005F");
        assertThat(TraitCharacters.name("n", "LINE\nX")).get().asString().contains("control character");
        assertThat(TraitCharacters.name("n", "Z\u0301\u0301\u0301OE")).get().asString().contains("diacritics");
        assertThat(TraitCharacters.name("n", "\u0301ZOE")).get().asString().contains("diacritics");
        assertThat(TraitCharacters.name("n", "A".repeat(201))).isPresent();
        assertThat(TraitCharacters.problem(traits("FICTIF", List.of("Zoé", "Gaλtan"), null))).get().asString()
                .contains("first name 2");
        assertThat(TraitCharacters.problem(traits("FICTIF", List.of("Zoé"), "PARIS"))).get().asString()
                .contains("birth place");
    }

    private static Traits traits(String birthName, List<String> firstNames, String birthPlace) {
        return new Traits(birthName, firstNames, Sex.F, BirthDate.of(LocalDate.of(1979, 3, 15)), birthPlace);
    }
}
