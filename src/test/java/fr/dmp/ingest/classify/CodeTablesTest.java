package fr.dmp.ingest.classify;

import fr.dmp.ingest.feed.FeedFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every table that sends a wording or a sender's code to a DMP type (title cues, type aliases, the
 * feeds' local codes in jobs/*.yml) names a code of the catalogue, and the wording agrees with that
 * code's label (codes.md): a "compte rendu d'hospitalisation" is 34112-3, a physiotherapy prescription
 * PRESC-KINE, a nursing one PRESC-INF.
 */
class CodeTablesTest {

    private static final Catalogue CATALOGUE = Catalogue.load();

    /**
     * Keyword (folded, upper case) → the codes a phrase holding it may point to. The first keyword of
     * the table found in a phrase decides, so the more specific ones come first.
     */
    private static final Map<String, List<String>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("LIAISON A L'ENTREE", List.of("18761-7"));
        EXPECTED.put("TRANSFERT", List.of("18761-7"));
        EXPECTED.put("LIAISON", List.of("11490-0"));
        EXPECTED.put("LETTRE DE SORTIE", List.of("11490-0"));
        EXPECTED.put("HOSPITALISATION", List.of("34112-3"));
        EXPECTED.put("KINESITHERAPIE", List.of("PRESC-KINE"));
        EXPECTED.put("INFIRMIER", List.of("PRESC-INF"));
        EXPECTED.put("TRANSPORT", List.of("57828-6"));
        EXPECTED.put("BIOLOGI", List.of("PRESC-BIO", "11502-2"));
        EXPECTED.put("GENETIQUE", List.of("51969-4"));
        EXPECTED.put("ANALYSES", List.of("11502-2"));
        EXPECTED.put("DEMANDE D'", List.of("55115-0", "PRESC-BIO"));
        EXPECTED.put("ILLUSTRATION", List.of("52040-3"));
        EXPECTED.put("IMAGERIE", List.of("18748-4", "55115-0"));
        EXPECTED.put("RADIOLOGIE", List.of("18748-4"));
        EXPECTED.put("PRE-ANESTHESI", List.of("34749-2"));
        EXPECTED.put("PREANESTHESI", List.of("34749-2"));
        EXPECTED.put("ANESTHESI", List.of("77436-4"));
        EXPECTED.put("OPERATOIRE", List.of("34874-8"));
        EXPECTED.put("CRO", List.of("34874-8"));
        EXPECTED.put("URGENCES", List.of("15507-7"));
        EXPECTED.put("PATHOLOGI", List.of("60568-3"));
        EXPECTED.put("TELE", List.of("85208-7"));
        EXPECTED.put("CONSULT", List.of("11488-4"));
        EXPECTED.put("CONCERTATION", List.of("34794-8"));
        EXPECTED.put("RCP", List.of("34794-8"));
        EXPECTED.put("HISTORIQUE", List.of("11369-6"));
        EXPECTED.put("VACCIN", List.of("87273-9", "11369-6"));
        EXPECTED.put("DECES", List.of("CERT_DECL"));
        EXPECTED.put("DECLARATION", List.of("CERT_DECL"));
        EXPECTED.put("CERTIFICAT", List.of("89601-9", "CERT_DECL"));
        EXPECTED.put("EPISODE", List.of("34133-9"));
        EXPECTED.put("SYNTHESE", List.of("60591-5", "SYNTH", "34133-9"));
        EXPECTED.put("PLAN", List.of("18776-5"));
        EXPECTED.put("PROTOCOLE", List.of("PROT_ALD"));
        EXPECTED.put("DIRECTIVES", List.of("EXPPAT_3"));
        EXPECTED.put("ADMINISTRATION", List.of("80565-5"));
        EXPECTED.put("DISPENSATION", List.of("60593-1"));
        EXPECTED.put("BILAN FONCTIONNEL", List.of("47420-5"));
        EXPECTED.put("ELECTROCARDIOGRAMME", List.of("70004-7"));
        EXPECTED.put("PRESCRIPTION DE SOINS", List.of("57832-8"));
        EXPECTED.put("MEDICAMENT", List.of("57833-6"));
        EXPECTED.put("ORDONNANCE", List.of("57833-6"));
        EXPECTED.put("LDL", List.of("11490-0"));
    }

    /** The codes the wording's first keyword allows, or an empty list when no keyword applies. */
    static List<String> expectedFor(String wording) {
        String folded = TitleCues.normalise(wording);
        for (Map.Entry<String, List<String>> e : EXPECTED.entrySet()) {
            if (folded.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return List.of();
    }

    @Test
    void everyTitleCueNamesACatalogueCodeWhoseLabelAgreesWithItsWording() {
        List<String> wrong = new ArrayList<>();
        for (TitleCues.Cue cue : TitleCues.load(CATALOGUE).cues()) {
            assertThat(CATALOGUE.type(cue.typeCode())).as(cue.phrase()).isPresent();
            List<String> expected = expectedFor(cue.phrase());
            assertThat(expected).as("no keyword of the table covers the cue " + cue.phrase()).isNotEmpty();
            if (!expected.contains(cue.typeCode())) {
                wrong.add(cue.phrase() + " -> " + cue.typeCode() + ", expected one of " + expected);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theKeywordTableAgreesWithTheCatalogueLabels() {
        // the table itself must not drift: each type's own label leads to that type (where a keyword covers it)
        Map<String, String> labels = Map.of("34112-3", "CR hospitalier (séjour)", "PRESC-KINE",
                "Prescription d'actes de kinésithérapie", "PRESC-INF", "Prescription d'actes infirmiers", "11490-0",
                "Lettre de liaison à la sortie d'un établissement de soins");
        labels.forEach((code, label) -> assertThat(CATALOGUE.require(code).display()).isEqualTo(label));
        assertThat(expectedFor("Compte rendu d'hospitalisation")).containsExactly("34112-3");
        assertThat(expectedFor("Prescription d'actes de kinésithérapie")).containsExactly("PRESC-KINE");
        assertThat(expectedFor("Prescription d'actes infirmiers")).containsExactly("PRESC-INF");
        // the types the content model and the cues may choose; the others of the list are taken only when stated
        java.util.Set<String> guessable = ContentClassifier.shippedModel().orElseThrow().classes().stream()
                .filter(c -> !c.equals(ContentClassifier.UNKNOWN)).collect(java.util.stream.Collectors.toSet());
        assertThat(guessable).hasSize(36);
        for (DocumentType t : CATALOGUE.types()) {
            if (!guessable.contains(t.code())) {
                continue;
            }
            List<String> expected = expectedFor(t.display());
            if (!expected.isEmpty()) {
                assertThat(expected).as(t.code() + " " + t.display()).contains(t.code());
            }
        }
    }

    @Test
    void everyAliasMapsToACatalogueCode() {
        assertThat(CATALOGUE.aliases()).isNotEmpty();
        for (Catalogue.Alias a : CATALOGUE.aliases()) {
            assertThat(CATALOGUE.type(a.code())).as(a.code() + " is an alias, not a current code").isEmpty();
            assertThat(CATALOGUE.type(a.mapsTo().code())).as(a.code()).isPresent();
        }
        assertThat(CATALOGUE.alias("11526-1").orElseThrow().mapsTo().code()).isEqualTo("60568-3"); // codes.md
    }

    @Test
    void everyFeedLocalCodeMapsToACatalogueCodeThatAgreesWithTheSendersCode() {
        FeedFiles feeds = new FeedFiles(Path.of("jobs"));
        int mappings = 0;
        List<String> wrong = new ArrayList<>();
        for (String name : feeds.names()) {
            for (var field : feeds.load(name).classification().localCodes().entrySet()) {
                for (var m : field.getValue().entrySet()) {
                    mappings++;
                    assertThat(CATALOGUE.type(m.getValue())).as(name + " " + field.getKey() + " " + m.getKey()).isPresent();
                    List<String> expected = expectedFor(m.getKey().toUpperCase(Locale.ROOT));
                    if (!expected.isEmpty() && !expected.contains(m.getValue())) {
                        wrong.add(name + ": " + field.getKey() + " " + m.getKey() + " -> " + m.getValue() + ", expected " + expected);
                    }
                }
            }
        }
        assertThat(mappings).isPositive();
        assertThat(wrong).isEmpty();
    }
}
