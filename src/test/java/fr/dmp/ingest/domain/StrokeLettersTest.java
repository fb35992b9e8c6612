package fr.dmp.ingest.domain;

import fr.dmp.ingest.link.TraitComparison;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 16 (an independent tester): letters with a stroke or bar have no decomposition, so NFD left {@code Đ} and
 * {@code Ł} in place and "NGUYỄN Đức" was refused against the INS referential's "NGUYEN DUC". They fold to the base
 * letter the referential writes (ins.md: names compared without diacritics). Fictitious names.
 */
class StrokeLettersTest {

    @Test
    void strokeAndBarLettersFoldToTheirBaseLetter() {
        assertThat(Traits.normaliseName("NGUYỄN")).isEqualTo("NGUYEN");
        assertThat(Traits.normaliseName("Đức")).isEqualTo("DUC");
        assertThat(Traits.normaliseName("Małgorzata Wójcik-Śliwa")).isEqualTo("MALGORZATA WOJCIK SLIWA");
        assertThat(Traits.normaliseName("Øster")).isEqualTo("OSTER");
        assertThat(Traits.normaliseName("Straße")).isEqualTo("STRASSE");
        assertThat(Traits.normaliseName("Iıldız")).isEqualTo("IILDIZ");
    }

    @Test
    void aDossierInTheReferentialsLettersTakesTheDocumentWrittenWithStrokes() {
        BirthDate born = BirthDate.of(LocalDate.of(1980, 3, 4));
        Traits dossier = new Traits("NGUYEN", List.of("DUC", "MINH"), Sex.M, born, null);
        Traits document = new Traits("Nguyễn", List.of("Đức"), Sex.M, born, null);
        assertThat(TraitComparison.mismatches(document, dossier)).isEmpty();
        assertThat(TraitComparison.mismatches(new Traits("Nguyễn", List.of("Đac"), Sex.M, born, null), dossier))
                .containsExactly("first names");
    }
}
