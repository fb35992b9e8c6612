package fr.dmp.ingest.tools.generate;

import fr.dmp.ingest.domain.Sex;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The hospital-reports samples that hit each rule of rules.md, for the lab-results patients whose
 * dossiers the patient-events samples change: a closed dossier, a reopened one, a deceased patient,
 * oppositions, an identity mismatch on each trait, a non-qualified identity, a chain of three versions
 * and a conflicting replacement, flags from the source, a document for a merged identity.
 */
public final class RuleSamples {

    static final String ROOT = "1.2.250.1.213.1.1.9";
    static final Instant TIME = Instant.parse("2026-11-20T10:00:00Z");

    private RuleSamples() {
    }

    static void hospitalReports(Path dir) {
        List<SyntheticPatient> p = SampleData.patients();
        cda(dir, "rule-r3-closed.xml", letter(p.get(0), "R3-CLOSED"));
        cda(dir, "rule-r3-reopened.xml", letter(p.get(1), "R3-REOPENED"));
        cda(dir, "rule-r4-deceased.xml", letter(p.get(2), "R4-DECEASED"));
        cda(dir, "rule-r9-opposed-all-sources.xml", letter(p.get(3), "R9-ALL"));
        cda(dir, "rule-r9-opposed-this-source.xml", letter(p.get(10), "R9-SOURCE"));
        SyntheticPatient four = p.get(4);
        cda(dir, "rule-identity-birth-name.xml", letter(with(four, "AUTRENOM", four.firstNames(), four.sex(), four.birthDate(),
                four.birthPlace()), "ID-BN"));
        cda(dir, "rule-identity-first-names.xml", letter(with(four, four.birthName(), List.of("Autreprénom"), four.sex(),
                four.birthDate(), four.birthPlace()), "ID-FN"));
        cda(dir, "rule-identity-sex.xml", letter(with(four, four.birthName(), four.firstNames(),
                four.sex() == Sex.F ? Sex.M : Sex.F, four.birthDate(), four.birthPlace()), "ID-SEX"));
        cda(dir, "rule-identity-birth-date.xml", letter(with(four, four.birthName(), four.firstNames(), four.sex(),
                four.birthDate().plusDays(1), four.birthPlace()), "ID-BD"));
        cda(dir, "rule-identity-birth-place.xml", letter(with(four, four.birthName(), four.firstNames(), four.sex(),
                four.birthDate(), four.birthPlace().equals("75056") ? "69123" : "75056"), "ID-BP"));
        // identity spelled differently but the same after normalisation (accents, case, hyphens): accepted
        cda(dir, "rule-identity-normalised.xml", letter(with(four, four.birthName().toLowerCase().replace('-', ' '),
                four.firstNames(), four.sex(), four.birthDate(), four.birthPlace()), "ID-NORM"));
        // R13: three versions of one document, and a replacement of a document nobody has
        SyntheticPatient six = p.get(6);
        cda(dir, "rule-r13-version-1.xml", new CdaBuilder().patient(six).id(ROOT, "R13-V1").version("R13-SET", 1).time(TIME)
                .type("18748-4", "CR d'imagerie médicale", "Compte rendu d'imagerie").sections(imaging("première lecture")));
        cda(dir, "rule-r13-version-2.xml", new CdaBuilder().patient(six).id(ROOT, "R13-V2").version("R13-SET", 2)
                .replaces(ROOT + "^R13-V1").time(TIME.plusSeconds(3600))
                .type("18748-4", "CR d'imagerie médicale", "Compte rendu d'imagerie (corrigé)").sections(imaging("relecture")));
        cda(dir, "rule-r13-version-3.xml", new CdaBuilder().patient(six).id(ROOT, "R13-V3").version("R13-SET", 3)
                .replaces(ROOT + "^R13-V2").time(TIME.plusSeconds(7200))
                .type("18748-4", "CR d'imagerie médicale", "Compte rendu d'imagerie (version finale)").sections(imaging("version finale")));
        cda(dir, "rule-r13-unknown-target.xml", new CdaBuilder().patient(six).id(ROOT, "R13-ORPHAN").version("R13-OTHER", 2)
                .replaces(ROOT + "^NEVER-SENT").time(TIME).type("18748-4", "CR d'imagerie médicale", "Compte rendu d'imagerie")
                .sections(imaging("sans original")));
        // R6: flags from the source are kept
        cda(dir, "rule-r6-very-restricted.xml", letter(p.get(7), "R6-V").confidentiality("V"));
        SyntheticPatient five = p.get(5);
        byte[] pdf = PdfBuilder.render("Centre Hospitalier Fictif", "Compte rendu de consultation",
                List.of("Consultation de suivi.", "Examen clinique sans particularité.", "Conclusion : suivi habituel."),
                PdfBuilder.Layout.LETTERHEAD);
        SampleData.write(dir.resolve("rule-r6-masked-at-source.pdf"), pdf);
        SampleData.write(dir.resolve("rule-r6-masked-at-source.pdf.json"), SidecarJson.of(five, five.ins(), "QUAL", "11488-4",
                "Compte rendu de consultation", "750000001", TIME, List.of("N", "MASQUE_PS", "INVISIBLE_PATIENT"), null,
                ROOT + "^R6-MASKED").getBytes(StandardCharsets.UTF_8));
        SampleData.write(dir.resolve("rule-not-qualified.pdf"), pdf);
        SampleData.write(dir.resolve("rule-not-qualified.pdf.json"), SidecarJson.of(five, five.ins(), "PROV", "11488-4",
                "Compte rendu de consultation", "750000001", TIME, List.of("N"), null, ROOT + "^PROV-1")
                .getBytes(StandardCharsets.UTF_8));
        // a document for the duplicate identity merged into patient 11: filed in the surviving dossier
        SyntheticPatient eleven = p.get(11);
        cda(dir, "rule-merged-identity.xml", new CdaBuilder().patient(eleven).insOverride(SampleData.duplicateIdentityOf11())
                .id(ROOT, "MERGED-1").version("MERGED-SET", 1).time(TIME)
                .type("11490-0", "Lettre de liaison à la sortie d'un établissement de soins", "Lettre de liaison")
                .sections(letterSections()));
    }

    private static CdaBuilder letter(SyntheticPatient p, String id) {
        return new CdaBuilder().patient(p).id(ROOT, id).version(id + "-SET", 1).time(TIME)
                .type("11490-0", "Lettre de liaison à la sortie d'un établissement de soins", "Lettre de liaison à la sortie")
                .sections(letterSections());
    }

    private static List<String[]> letterSections() {
        return List.<String[]>of(
                new String[] {"46241-6", "Motif d'hospitalisation", "Bilan d'une dyspnée d'effort."},
                new String[] {"10183-2", "Traitement de sortie", "Bisoprolol 2,5 mg le matin. Contrôle à un mois."});
    }

    private static List<String[]> imaging(String reading) {
        return List.<String[]>of(new String[] {"18782-3", "Résultat", "Radiographie thoracique de face, " + reading
                + " : pas d'épanchement pleural, pas de foyer."});
    }

    private static SyntheticPatient with(SyntheticPatient p, String birthName, List<String> firstNames, Sex sex,
                                         java.time.LocalDate birth, String place) {
        return new SyntheticPatient(p.ins(), birthName, firstNames, sex, birth, place);
    }

    private static void cda(Path dir, String name, CdaBuilder cda) {
        SampleData.write(dir.resolve(name), cda.build().getBytes(StandardCharsets.UTF_8));
    }
}
