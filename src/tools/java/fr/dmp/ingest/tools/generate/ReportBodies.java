package fr.dmp.ingest.tools.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Synthetic French report texts for the corpus generator: a handful of hospital report types, each
 * with its sections, and sentences assembled from fragments with varied values, so that every
 * generated report is different without any real patient data.
 */
final class ReportBodies {

    /** A hospital report type of the catalogue (codes.md) and its usual sections (LOINC, title). */
    record ReportType(String code, String display, String title, String[][] sections) {
    }

    static final List<ReportType> TYPES = List.of(
            new ReportType("11490-0", "Lettre de liaison à la sortie d'un établissement de soins", "Lettre de liaison à la sortie",
                    new String[][] {{"46241-6", "Motif d'hospitalisation"}, {"8648-8", "Synthèse du séjour"},
                            {"10183-2", "Traitement de sortie"}, {"18776-5", "Suites à donner"}}),
            new ReportType("34112-3", "CR hospitalier (séjour)", "Compte rendu d'hospitalisation",
                    new String[][] {{"46241-6", "Motif d'hospitalisation"}, {"11329-0", "Antécédents"},
                            {"8648-8", "Évolution pendant le séjour"}, {"10183-2", "Traitement de sortie"}}),
            new ReportType("11488-4", "CR ou fiche de consultation ou de visite", "Compte rendu de consultation",
                    new String[][] {{"29299-5", "Motif de consultation"}, {"10210-3", "Examen clinique"},
                            {"51848-0", "Conclusion"}}),
            new ReportType("34874-8", "CR opératoire", "Compte rendu opératoire",
                    new String[][] {{"10219-4", "Indication opératoire"}, {"8724-7", "Description de l'intervention"},
                            {"10218-6", "Suites opératoires"}}),
            new ReportType("18748-4", "CR d'imagerie médicale", "Compte rendu d'imagerie",
                    new String[][] {{"55115-0", "Indication"}, {"18782-3", "Technique et résultats"},
                            {"19005-8", "Conclusion"}}),
            new ReportType("15507-7", "CR de passage aux urgences", "Compte rendu de passage aux urgences",
                    new String[][] {{"46239-0", "Motif de recours"}, {"10210-3", "Examen clinique"},
                            {"51848-0", "Orientation"}}));

    private static final String[] REASONS = {"décompensation cardiaque", "pneumopathie communautaire", "douleur thoracique atypique",
            "chute à domicile", "colique néphrétique", "cholécystite aiguë", "fracture du col du fémur", "malaise sans perte de connaissance",
            "déséquilibre d'un diabète de type 2", "exacerbation de BPCO", "pyélonéphrite aiguë", "fibrillation atriale rapide"};
    private static final String[] FINDINGS = {"l'examen clinique retrouve un patient fictif en bon état général",
            "la tension artérielle est mesurée à %d/%d mmHg", "la fréquence cardiaque est de %d battements par minute",
            "la température est à %d,%d °C", "l'auscultation pulmonaire retrouve quelques crépitants des bases",
            "l'abdomen est souple, dépressible et indolore", "le bilan biologique montre une CRP à %d mg/L",
            "la saturation en air ambiant est de %d %%", "l'électrocardiogramme ne montre pas de trouble de la repolarisation",
            "le scanner réalisé le jour même ne retrouve pas de lésion suspecte"};
    private static final String[] TREATMENTS = {"paracétamol 1 g trois fois par jour si douleur", "furosémide %d mg le matin",
            "amoxicilline 1 g trois fois par jour pendant %d jours", "bisoprolol %d,5 mg le matin", "enoxaparine 4000 UI par jour",
            "metformine 1000 mg matin et soir", "apixaban 5 mg matin et soir", "kinésithérapie respiratoire %d séances"};
    private static final String[] FOLLOW_UPS = {"consultation de contrôle dans %d semaines", "bilan biologique à J%d",
            "rendez-vous avec le médecin traitant sous %d jours", "imagerie de contrôle à %d mois",
            "surveillance clinique par l'infirmière à domicile", "retour à domicile autorisé ce jour"};

    private ReportBodies() {
    }

    static ReportType type(Random r) {
        return TYPES.get(r.nextInt(TYPES.size()));
    }

    /** One sentence of a section, with varied values. */
    static String sentence(Random r, int section) {
        String[] pool = switch (section % 4) {
            case 0 -> REASONS;
            case 1 -> FINDINGS;
            case 2 -> TREATMENTS;
            default -> FOLLOW_UPS;
        };
        String fragment = pool[r.nextInt(pool.length)];
        String filled = String.format(Locale.ROOT, fragment, 10 + r.nextInt(150), 5 + r.nextInt(95));
        String lead = switch (section % 4) {
            case 0 -> "Le patient est adressé pour " + filled + ".";
            default -> Character.toUpperCase(filled.charAt(0)) + filled.substring(1) + ".";
        };
        return r.nextInt(4) == 0 ? lead + " Document synthétique, patient fictif." : lead;
    }

    /** A paragraph of two to six sentences. */
    static String paragraph(Random r, int section) {
        int n = 2 + r.nextInt(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(sentence(r, section + (i == 0 ? 0 : r.nextInt(4))));
        }
        return sb.toString();
    }

    /**
     * The body of a PDF report: its sections as "Title : text" paragraphs, long enough to fill about
     * {@code pages} A4 pages of {@link PdfBuilder}'s letter layout.
     */
    static List<String> pdfBody(Random r, ReportType type, int pages) {
        List<String> body = new ArrayList<>();
        int targetChars = pages == 1 ? 700 + r.nextInt(1500) : (pages - 1) * 4000 + 600 + r.nextInt(2400);
        int chars = 0;
        int s = 0;
        while (chars < targetChars) {
            String[] section = type.sections()[s % type.sections().length];
            String p = section[1] + " : " + paragraph(r, s);
            body.add(p);
            chars += p.length();
            s++;
        }
        return body;
    }

    /** The sections of a structured CDA body: {LOINC code, title, text}. */
    static List<String[]> cdaSections(Random r, ReportType type) {
        List<String[]> out = new ArrayList<>();
        for (int s = 0; s < type.sections().length; s++) {
            String[] section = type.sections()[s];
            out.add(new String[] {section[0], section[1], paragraph(r, s)});
        }
        return out;
    }

    /** A short French letter that is not an HL7 message (a bad file for the lab feed). */
    static String notHl7(Random r) {
        return "Bonjour,\nveuillez trouver ci-joint les résultats du patient fictif n° " + (1000 + r.nextInt(9000))
                + ".\nCordialement,\nLe secrétariat du laboratoire\n";
    }
}
