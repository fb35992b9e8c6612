package fr.dmp.ingest.tools.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports of an examination or an act: lab results, imaging, pathology, other diagnostic acts
 * (ECG, EFR, endoscopy...), operative and anesthesia reports, multidisciplinary meetings (RCP).
 */
final class ReportTexts {

    private ReportTexts() {
    }

    // =================================================================== 11502-2 lab report

    static String lab(Gen g) {
        TextDoc d = new TextDoc();
        String lab = g.pick("Laboratoire de Biologie Médicale FICTILAB", "Laboratoire d'analyses Exemple-Bio", "LBM Démo Analyses",
                "Laboratoire de biologie - " + g.hospital(), "Biologie Maquette - site de " + g.city(), "Plateau de biologie du CHU Imaginaire");
        if (g.chance(0.85)) {
            d.letterhead(g, lab, g.chance(0.4) ? "Biologiste responsable" + g.colon + " " + g.doctor() : null);
        }
        d.title(g, 0.7, "Compte rendu d'examens biologiques", "Résultats d'analyses de biologie médicale", "Compte rendu de biologie",
                "Résultats d'examens de laboratoire", "CR de biologie médicale", "Bilan biologique - résultats", "Résultats",
                "Compte-rendu d'analyses", "Edition des résultats", "Résultats validés");
        d.header.add(g.patientLine());
        if (g.chance(0.6)) {
            d.header.add(g.pick("Dossier n° ", "N° de demande ", "Demande ") + g.between(100000, 9999999));
        }
        d.header.add(g.variant("Prélevé le ", "Prélèvement du ", "Date de prélèvement" + g.colon + " ", "Prél. le ") + g.date() + " à " + g.time());
        if (g.chance(0.5)) {
            d.header.add("Reçu le " + g.date() + (g.chance(0.5) ? " - Edité le " + g.date(g.day.plusDays(g.between(0, 2))) : ""));
        }
        if (g.chance(0.6)) {
            d.header.add(g.pick("Prescripteur", "Médecin prescripteur", "Demandé par") + g.colon + " " + g.doctor());
        }
        if (g.chance(0.3)) {
            d.header.add(g.pick("Renseignements cliniques", "Contexte", "Motif de la demande") + g.colon + " " + g.pick("patient sous AVK", "bilan préopératoire",
                    "suivi de diabète", "asthénie", "fièvre", "contrôle sous traitement par " + g.pick(Lexicon.DRUGS).inn(), "grossesse, 12 SA", "bilan annuel"));
        }
        int format = g.variant(0, 1, 2, 3, 4);
        boolean previous = g.chance(0.3);
        List<Lexicon.Analysis> chosen = g.some(Lexicon.ANALYSES, 4, 14);
        Map<String, List<String>> bySection = new LinkedHashMap<>();
        for (Lexicon.Analysis a : chosen) {
            bySection.computeIfAbsent(a.section(), k -> new ArrayList<>()).add(resultLine(g, a, format, previous));
        }
        if (format == 2 && g.chance(0.7)) {
            d.para(String.format("%-32s%-10s%-14s%s", "Analyse", "Résultat", "Unité", "Valeurs de référence"));
        }
        for (Map.Entry<String, List<String>> e : bySection.entrySet()) {
            String heading = g.chance(0.8) ? e.getKey().charAt(0) + e.getKey().substring(1).toLowerCase(java.util.Locale.FRENCH) : null;
            if (heading == null) {
                d.para(String.join("\n", e.getValue()));
            } else {
                d.fixed(heading, String.join("\n", e.getValue()));
            }
        }
        if (g.chance(0.25)) {
            d.fixed(g.variant("Examen cytobactériologique des urines", "ECBU", "Bactériologie urinaire", "Microbiologie"), ecbu(g));
        }
        if (g.chance(0.15)) {
            d.fixed(g.pick("Sérologies", "Immunologie infectieuse"), g.pick(
                    "Sérologie hépatite B" + g.colon + " Ag HBs négatif ; Ac anti-HBc négatifs ; Ac anti-HBs " + g.between(10, 400) + " UI/L (patient immunisé)",
                    "Sérologie toxoplasmose" + g.colon + " IgG négatives, IgM négatives. Absence d'immunité.",
                    "Dépistage VIH (test combiné Ag p24 / Ac anti-VIH 1 et 2)" + g.colon + " négatif",
                    "Sérologie hépatite C" + g.colon + " Ac anti-VHC négatifs"));
        }
        if (g.chance(0.5)) {
            d.fixed(g.variant("Commentaire du biologiste", "Commentaire", "Interprétation", "Remarque", "NB"), g.pick(
                    "Résultats à interpréter en fonction du contexte clinique.", "Contrôle souhaitable dans 1 mois.",
                    "Légère hémolyse du prélèvement, le potassium est à interpréter avec prudence.",
                    "Résultats transmis par téléphone au prescripteur.",
                    "Changement de technique de dosage depuis le " + g.date(g.day.minusDays(g.between(20, 300))) + ".",
                    "Valeurs de référence données pour un adulte."));
        }
        d.closing.add(g.variant("Compte rendu validé par ", "Validation biologique" + g.colon + " ", "Biologiste" + g.colon + " ",
                "Validé le " + g.date() + " par ", "Signé électroniquement par ") + g.doctor() + (g.chance(0.4) ? ", biologiste" : ""));
        if (g.chance(0.3)) {
            d.closing.add(g.pick("Compte rendu complet", "Compte rendu partiel, résultats en attente", "Fin du compte rendu",
                    "* : valeur hors normes", "Les valeurs de référence sont fournies à titre indicatif."));
        }
        return d.render(g);
    }

    /** A few lab results as another document quotes them (letters, consultations, requests). */
    static String labLines(Gen g, int min, int max) {
        int format = g.pick(0, 1, 1, 3);
        List<String> lines = new ArrayList<>();
        for (Lexicon.Analysis a : g.some(Lexicon.ANALYSES, min, max)) {
            lines.add(resultLine(g, a, format, false));
        }
        return String.join("\n", lines);
    }

    /** An imaging result as another document quotes it: "IRM cérébrale du 03/02/2024 : AVC ischémique récent". */
    static String imagingResult(Gen g) {
        Exam ex = g.variant(EXAMS);
        String result = !ex.abnormal().isEmpty() && g.chance(0.6) ? g.pick(ex.abnormal())[g.index(2)] : ex.normalConclusion();
        return ex.name() + g.pick(" du " + g.date(g.day.minusDays(g.between(1, 30))), "", " (" + g.date(g.day.minusDays(g.between(1, 30))) + ")")
                + g.colon + " " + result;
    }

    /** A pathology conclusion as another document quotes it. */
    static String pathologyResult(Gen g) {
        Specimen s = g.variant(SPECIMENS);
        return g.pick("Anatomopathologie", "Histologie", "Résultat anatomopathologique", "ACP") + " (" + s.nature().toLowerCase(java.util.Locale.FRENCH) + ")"
                + g.colon + " " + s.conclusion();
    }

    private static String resultLine(Gen g, Lexicon.Analysis a, int format, boolean previous) {
        double span = a.high() - a.low();
        double v = g.chance(0.7) ? a.low() + g.r.nextDouble() * span : Math.max(0, a.low() - span * 0.3 + g.r.nextDouble() * span * 1.9);
        String value = g.num(v, a.decimals());
        String low = g.num(a.low(), a.decimals());
        String high = g.num(a.high(), a.decimals());
        String flag = v < a.low() ? g.pick(" B", " *", " (-)", " L") : v > a.high() ? g.pick(" H", " *", " (+)", " H") : "";
        String range = a.low() == 0 ? "< " + high : low + " - " + high;
        String line = switch (format) {
            case 0 -> a.label() + " " + ".".repeat(Math.max(2, 30 - a.label().length())) + " " + value + " " + a.unit() + flag
                    + "   (" + range + ")";
            case 1 -> a.label() + g.colon + " " + value + " " + a.unit() + flag + "  [" + range + "]";
            case 2 -> String.format("%-32s%-10s%-14s%s", a.label(), value + flag, a.unit(), range);
            case 3 -> a.label() + " " + value + " " + a.unit() + flag + " VR" + g.colon + " " + range.replace(" - ", " à ");
            default -> a.label() + "\t" + value + "\t" + a.unit() + "\t" + range + "\t" + flag.strip();
        };
        if (previous && g.chance(0.6)) {
            line += "   (antériorité " + g.date(g.day.minusDays(g.between(30, 400))) + g.colon + " "
                    + g.num(a.low() + g.r.nextDouble() * span, a.decimals()) + ")";
        }
        return line;
    }

    private static String ecbu(Gen g) {
        boolean infected = g.chance(0.5);
        List<String> l = new ArrayList<>();
        l.add("Aspect" + g.colon + " " + (infected ? "trouble" : "clair"));
        l.add("Leucocytes" + g.colon + " " + (infected ? g.between(50, 500) : g.between(1, 9)) + " /mm3 (< 10)");
        l.add("Hématies" + g.colon + " " + g.between(1, 40) + " /mm3 (< 10)");
        if (infected) {
            String germ = g.pick("Escherichia coli", "Klebsiella pneumoniae", "Proteus mirabilis", "Enterococcus faecalis");
            l.add("Culture" + g.colon + " " + germ + " > 10^5 UFC/mL");
            l.add("Antibiogramme" + g.colon + " amoxicilline " + g.pick("R", "S") + ", amoxicilline-acide clavulanique S, "
                    + "céfixime S, ciprofloxacine " + g.pick("S", "R") + ", fosfomycine S, nitrofurantoïne S, triméthoprime-sulfaméthoxazole " + g.pick("S", "R"));
        } else {
            l.add("Culture" + g.colon + " " + g.pick("stérile", "< 10^3 UFC/mL", "absence de bactériurie significative"));
        }
        return String.join("\n", l);
    }

    // =================================================================== 18748-4 imaging

    /** An imaging exam; each abnormal finding is {finding, conclusion, indexes of the normal findings it contradicts}. */
    record Exam(String name, List<String> indications, String technique, List<String> normal, List<String[]> abnormal,
                String normalConclusion) {
    }

    static final List<Exam> EXAMS = List.of(
            new Exam("Radiographie du thorax de face", List.of("Toux fébrile", "Dyspnée", "Bilan préopératoire", "Douleur thoracique"),
                    "Cliché de face en incidence postéro-antérieure, en inspiration.",
                    List.of("Pas de foyer de condensation parenchymateuse.", "Culs-de-sac pleuraux libres.",
                            "Silhouette cardiomédiastinale de taille normale.", "Pas de pneumothorax."),
                    List.<String[]>of(new String[] {"Opacité alvéolaire systématisée du lobe inférieur droit avec bronchogramme aérien.",
                            "Pneumopathie du lobe inférieur droit.", "0"},
                            new String[] {"Émoussement du cul-de-sac costodiaphragmatique gauche.", "Épanchement pleural gauche de faible abondance.", "1"},
                            new String[] {"Cardiomégalie avec redistribution vasculaire vers les sommets et lignes de Kerley B.",
                                    "Aspect de surcharge hydrostatique.", "2"}),
                    "Radiographie thoracique sans anomalie décelable."),
            new Exam("Scanner thoraco-abdomino-pelvien avec injection", List.of("Bilan d'extension d'un adénocarcinome colique",
                    "Altération de l'état général", "Surveillance d'un cancer du sein traité"),
                    "Acquisition hélicoïdale après injection intraveineuse de produit de contraste iodé, au temps portal. PDL" + ":" + " 620 mGy.cm.",
                    List.of("Pas de nodule pulmonaire suspect.", "Pas d'adénomégalie médiastinale ni hilaire.",
                            "Foie de morphologie normale, sans lésion focale.", "Rate, pancréas et surrénales sans particularité.",
                            "Pas d'épanchement péritonéal.", "Pas de lésion osseuse suspecte."),
                    List.<String[]>of(new String[] {"Deux nodules hépatiques hypodenses des segments VI et VII, mesurant 14 et 22 mm.",
                            "Lésions hépatiques secondaires à confronter à l'avis de la RCP.", "2"},
                            new String[] {"Nodule pulmonaire spiculé du lobe supérieur droit de 18 mm.", "Nodule pulmonaire suspect : avis spécialisé.", "0"},
                            new String[] {"Épaississement pariétal du côlon sigmoïde sur 5 cm.", "Épaississement sigmoïdien suspect, coloscopie recommandée.", ""}),
                    "Pas de lésion secondaire décelable."),
            new Exam("IRM cérébrale", List.of("Céphalées inhabituelles", "Vertiges persistants", "Déficit moteur transitoire", "Troubles mnésiques"),
                    "Séquences T1, T2 FLAIR, diffusion, T2* et 3D T1 après injection de gadolinium.",
                    List.of("Pas d'anomalie de signal du parenchyme cérébral.", "Pas de lésion ischémique récente en diffusion.",
                            "Système ventriculaire de taille normale.", "Pas de prise de contraste anormale."),
                    List.<String[]>of(new String[] {"Hypersignal en diffusion du territoire sylvien superficiel droit avec baisse de l'ADC.",
                            "AVC ischémique récent sylvien droit.", "0 1"},
                            new String[] {"Hypersignaux FLAIR de la substance blanche périventriculaire, Fazekas 2.", "Leucopathie vasculaire modérée.", "0"},
                            new String[] {"Lésion extra-axiale de la convexité frontale gauche de 15 mm, rehaussée de façon homogène.",
                                    "Aspect compatible avec un méningiome frontal gauche.", "3"}),
                    "IRM cérébrale normale."),
            new Exam("Échographie abdominale", List.of("Douleurs de l'hypochondre droit", "Perturbation du bilan hépatique", "Bilan de douleurs abdominales"),
                    "Examen réalisé par voie sus-ombilicale et intercostale, patient à jeun.",
                    List.of("Foie de taille normale, d'échostructure homogène.", "Vésicule biliaire alithiasique à paroi fine.",
                            "Voies biliaires intra et extra-hépatiques non dilatées.", "Pancréas partiellement visualisé, sans anomalie.",
                            "Reins de taille normale, sans dilatation des cavités."),
                    List.<String[]>of(new String[] {"Vésicule biliaire contenant plusieurs calculs, paroi épaissie à 5 mm, Murphy échographique positif.",
                            "Cholécystite aiguë lithiasique.", "1"},
                            new String[] {"Foie hyperéchogène, homogène, de taille augmentée.", "Stéatose hépatique.", "0"},
                            new String[] {"Dilatation pyélocalicielle droite modérée.", "Urétéro-hydronéphrose droite, à confronter au scanner.", "4"}),
                    "Échographie abdominale sans particularité."),
            new Exam("Mammographie bilatérale et échographie mammaire", List.of("Dépistage organisé", "Nodule palpé du sein gauche",
                    "Surveillance après tumorectomie"),
                    "Incidences de face et oblique externe bilatérales, complétées par une échographie.",
                    List.of("Seins de densité de type B.", "Pas de masse, pas de foyer de microcalcifications suspectes.",
                            "Pas de distorsion architecturale.", "Échographie : pas d'image focale suspecte."),
                    List.<String[]>of(new String[] {"Masse irrégulière du quadrant supéro-externe du sein gauche de 12 mm, à contours spiculés.",
                            "Anomalie classée ACR 5 du sein gauche : microbiopsie recommandée.", "1 2 3"},
                            new String[] {"Kyste simple de 8 mm du sein droit.", "Kyste simple, ACR 2.", "3"}),
                    "Examen classé ACR 1 à droite et à gauche."),
            new Exam("Radiographie du poignet droit face et profil", List.of("Chute sur la main", "Traumatisme du poignet", "Douleur de la tabatière anatomique"),
                    "Incidences de face et de profil.",
                    List.of("Pas de fracture visible.", "Interlignes articulaires respectés.", "Pas d'anomalie des parties molles."),
                    List.<String[]>of(new String[] {"Fracture extra-articulaire de l'extrémité distale du radius avec bascule postérieure.",
                            "Fracture de Pouteau-Colles.", "0"},
                            new String[] {"Trait de fracture du tiers moyen du scaphoïde sans déplacement.", "Fracture du scaphoïde non déplacée.", "0"}),
                    "Absence de lésion osseuse traumatique visible."),
            new Exam("IRM du genou gauche", List.of("Blocage du genou", "Entorse du genou avec instabilité", "Gonalgie mécanique"),
                    "Séquences DP fat sat dans les trois plans et T1 sagittale.",
                    List.of("Ménisques de signal normal.", "Ligaments croisés continus.", "Pas d'épanchement articulaire significatif.",
                            "Cartilage fémoro-tibial préservé."),
                    List.<String[]>of(new String[] {"Hypersignal linéaire de la corne postérieure du ménisque médial atteignant la surface articulaire.",
                            "Fissure de la corne postérieure du ménisque médial.", "0"},
                            new String[] {"Absence de visualisation des fibres du ligament croisé antérieur, contusions osseuses.",
                                    "Rupture complète du ligament croisé antérieur.", "1 2"}),
                    "IRM du genou sans lésion méniscoligamentaire."),
            new Exam("Écho-doppler veineux des membres inférieurs", List.of("Douleur du mollet", "Suspicion de thrombose veineuse profonde",
                    "Œdème unilatéral du membre inférieur"),
                    "Exploration des réseaux veineux profond et superficiel, manœuvres de compression.",
                    List.of("Veines profondes compressibles de la veine fémorale commune aux veines jambières.",
                            "Flux phasique respiratoire.", "Réseau superficiel sans anomalie."),
                    List.<String[]>of(new String[] {"Matériel échogène non compressible de la veine poplitée et des veines fibulaires gauches.",
                            "Thrombose veineuse profonde poplitée gauche.", "0"}),
                    "Pas de thrombose veineuse profonde ni superficielle."),
            new Exam("Scanner cérébral sans injection", List.of("Traumatisme crânien sous anticoagulant", "Confusion", "Céphalée brutale"),
                    "Acquisition hélicoïdale sans injection. PDL : 980 mGy.cm.",
                    List.of("Pas d'hémorragie intra ou extra-axiale.", "Pas d'effet de masse.", "Structures médianes en place.",
                            "Pas de fracture de la voûte."),
                    List.<String[]>of(new String[] {"Collection extra-axiale hyperdense en croissant fronto-pariétale droite de 6 mm.",
                            "Hématome sous-dural aigu droit de faible épaisseur.", "0"}),
                    "Pas de lésion intracrânienne traumatique."),
            new Exam("IRM du rachis lombaire", List.of("Lombosciatique droite", "Lombalgie chronique", "Cruralgie"),
                    "Séquences sagittales T1, T2 et STIR, axiales T2.",
                    List.of("Alignement des corps vertébraux conservé.", "Pas de conflit discoradiculaire.", "Canal lombaire de dimensions normales."),
                    List.<String[]>of(new String[] {"Hernie discale postéro-latérale droite L5-S1 au contact de la racine S1 droite.",
                            "Hernie discale L5-S1 droite en conflit avec la racine S1.", "1"},
                            new String[] {"Discopathie dégénérative L4-L5 avec protrusion discale globale et arthrose interapophysaire.",
                                    "Discarthrose L4-L5 sans conflit radiculaire.", ""}),
                    "IRM lombaire sans anomalie significative."),
            new Exam("Échographie thyroïdienne", List.of("Nodule thyroïdien palpé", "Goitre", "Hyperthyroïdie"),
                    "Sonde linéaire haute fréquence, étude en mode B et doppler couleur.",
                    List.of("Thyroïde de taille normale, d'échostructure homogène.", "Pas de nodule.", "Pas d'adénopathie cervicale suspecte."),
                    List.<String[]>of(new String[] {"Nodule solide hypoéchogène du lobe droit de 16 mm, à contours irréguliers.",
                            "Nodule thyroïdien droit EU-TIRADS 5 : cytoponction recommandée.", "0 1"},
                            new String[] {"Nodule mixte à prédominance liquidienne du lobe gauche de 11 mm.", "Nodule EU-TIRADS 3.", "1"}),
                    "Échographie thyroïdienne normale."),
            new Exam("Angioscanner thoracique", List.of("Suspicion d'embolie pulmonaire", "Dyspnée et D-dimères positifs"),
                    "Acquisition après injection de produit de contraste iodé au temps artériel pulmonaire.",
                    List.of("Pas de défect endoluminal des artères pulmonaires.", "Parenchyme pulmonaire sans anomalie.",
                            "Pas d'épanchement pleural ni péricardique."),
                    List.<String[]>of(new String[] {"Défects endoluminaux des artères segmentaires lobaires inférieures droite et gauche.",
                            "Embolie pulmonaire bilatérale segmentaire, sans signe de retentissement cardiaque droit.", "0"}),
                    "Pas d'embolie pulmonaire."));

    static String imaging(Gen g) {
        Exam ex = g.variant(EXAMS);
        g.requireSex(ex.name());
        TextDoc d = new TextDoc();
        if (g.chance(0.85)) {
            d.letterhead(g, g.pick("Centre d'Imagerie Médicale Factice", "Service de radiologie - " + g.hospital(),
                    "Cabinet de radiologie Exemple", "Imagerie Maquette - IRM Scanner Échographie", "Pôle Imagerie du CHU Imaginaire"),
                    g.chance(0.3) ? "Radiologue" + g.colon + " " + g.author() : null);
        }
        d.title(g, 0.7, "Compte rendu d'imagerie médicale", ex.name(), "Compte rendu radiologique", "Compte rendu d'examen",
                "CR d'imagerie", ex.name().toUpperCase(java.util.Locale.FRENCH), "Résultat d'examen radiologique", "Compte rendu");
        d.header.add(g.patientLine());
        if (g.chance(0.7)) {
            d.header.add(g.pick("Examen du ", "Date de l'examen" + g.colon + " ", "Réalisé le ", "Examen réalisé le ") + g.date()
                    + (g.chance(0.4) ? " à " + g.time() : ""));
        }
        if (g.chance(0.5)) {
            d.header.add(g.pick("Médecin demandeur", "Adressé par", "Prescripteur") + g.colon + " " + g.doctor());
        }
        if (d.title == null || !d.title.equalsIgnoreCase(ex.name())) {
            if (g.chance(0.8)) {
                d.header.add(g.pick("Examen" + g.colon + " ", "Type d'examen" + g.colon + " ", "") + ex.name());
            }
        }
        boolean abnormal = g.chance(0.55) && !ex.abnormal().isEmpty();
        String[] finding = abnormal ? g.pick(ex.abnormal()) : null;
        d.fixed(g.variant("Indication", "Renseignements cliniques", "Motif de l'examen", "Contexte", "Clinique"), g.pick(ex.indications())
                + (g.chance(0.3) ? ". " + g.pick("Antécédent " + Gen.de(g.pick(Lexicon.HISTORY)) + ".", "Patient sous anticoagulant.",
                "Contrôle à distance.", "Pas d'examen antérieur disponible.") : "."));
        if (g.chance(0.85)) {
            d.fixed(g.variant("Technique", "Protocole", "Technique d'examen", "Modalités"), ex.technique()
                    + (ex.technique().contains("iodé") && g.chance(0.5) ? " Créatininémie récente normale. Pas d'allergie connue." : ""));
        }
        if (g.chance(0.15)) {
            d.fixed(g.pick("Biologie", "Bilan biologique récent"), labLines(g, 1, 2));
        }
        if (g.chance(0.25)) {
            d.fixed(g.pick("Comparaison", "Examens antérieurs"), g.pick("Comparaison avec l'examen du " + g.date(g.day.minusDays(g.between(60, 900))) + ".",
                    "Pas d'examen antérieur pour comparaison."));
        }
        List<String> normal = new ArrayList<>(ex.normal());
        if (finding != null) {
            // leave out the normal findings the abnormal one contradicts (third element: their indexes)
            List<String> excluded = new ArrayList<>();
            for (String i : finding[2].split(" ")) {
                if (!i.isEmpty()) {
                    excluded.add(ex.normal().get(Integer.parseInt(i)));
                }
            }
            normal.removeAll(excluded);
        }
        List<String> lines = new ArrayList<>(g.some(normal, Math.min(2, normal.size()), normal.size()));
        if (finding != null) {
            lines.add(g.index(lines.size() + 1), finding[0]);
        }
        String body = g.chance(0.5) ? String.join(" ", lines) : g.list(lines);
        d.fixed(g.variant("Résultats", "Description", "Compte rendu", "Analyse", "Observations"), body);
        d.fixed(g.variant("Conclusion", "En conclusion", "Synthèse", "Conclusion et avis", "Impression"), finding != null ? finding[1] : ex.normalConclusion());
        d.closing.add(g.pick("", "Compte rendu dicté par ", "Signé électroniquement par ", "Radiologue : ") + g.author()
                + g.pick("", ", radiologue", " - Radiologue", ""));
        if (g.chance(0.3)) {
            d.closing.add(g.pick("Images disponibles sur le serveur PACS.", "Accès aux images : portail patient, code remis au secrétariat.",
                    "CD des images remis au patient."));
        }
        return d.render(g);
    }

    // =================================================================== 60568-3 pathology

    record Specimen(String nature, String clinical, String macro, String micro, String conclusion, String ihc, boolean cytology) {
    }

    static final List<Specimen> SPECIMENS = List.of(
            new Specimen("Biopsies gastriques antrales et fundiques", "Épigastralgies, recherche d'Helicobacter pylori",
                    "Cinq fragments biopsiques de 2 à 3 mm, inclus en totalité en deux blocs.",
                    "Muqueuse antrale siège d'un infiltrat lymphoplasmocytaire du chorion avec polynucléaires neutrophiles. Présence de bacilles spiralés à la surface de l'épithélium. Pas de métaplasie intestinale, pas de dysplasie.",
                    "Gastrite chronique active modérée à Helicobacter pylori, sans métaplasie intestinale ni dysplasie.", null, false),
            new Specimen("Polype colique réséqué à l'anse diathermique", "Coloscopie de dépistage, polype sigmoïdien de 12 mm",
                    "Polype sessile de 12 x 8 mm, recoupé et inclus en totalité.",
                    "Prolifération de glandes tubulées bordées par un épithélium en dysplasie de bas grade. Axe conjonctif sans infiltration. Limite de résection saine.",
                    "Adénome tubuleux en dysplasie de bas grade, exérèse complète.", null, false),
            new Specimen("Frottis cervico-utérin en milieu liquide", "Dépistage, patiente de 38 ans",
                    "Prélèvement en milieu liquide, technique monocouche.",
                    "Frottis satisfaisant pour l'évaluation, présence de cellules endocervicales. Cellules malpighiennes sans atypie.",
                    "Frottis cervico-utérin : absence de lésion intraépithéliale ou de malignité (Bethesda 2014).", null, true),
            new Specimen("Pièce de cholécystectomie", "Cholécystite lithiasique",
                    "Vésicule biliaire de 8 cm, paroi épaissie à 4 mm, contenant de nombreux calculs jaunâtres.",
                    "Paroi vésiculaire fibreuse, infiltrat inflammatoire chronique, sinus de Rokitansky-Aschoff. Absence de dysplasie et de malignité.",
                    "Cholécystite chronique lithiasique, sans lésion dysplasique ni tumorale.", null, false),
            new Specimen("Appendice", "Syndrome appendiculaire",
                    "Appendice de 7 cm, séreuse congestive recouverte de fausses membranes.",
                    "Infiltrat à polynucléaires neutrophiles transmural, ulcérations muqueuses, péri-appendicite.",
                    "Appendicite aiguë ulcéro-phlegmoneuse. Absence de tumeur.", null, false),
            new Specimen("Exérèse cutanée du dos", "Lésion pigmentée modifiée, exérèse pour analyse",
                    "Fuseau cutané de 18 x 7 mm portant une lésion pigmentée de 6 mm, encré et inclus en totalité.",
                    "Prolifération mélanocytaire jonctionnelle et dermique en thèques, avec maturation en profondeur, sans atypie significative ni mitose dermique.",
                    "Naevus naevocellulaire composé, bénin, exérèse complète.", null, false),
            new Specimen("Biopsies prostatiques échoguidées (12 carottes)", "PSA à 9,2 ng/mL, IRM PI-RADS 4 du lobe gauche",
                    "Douze carottes biopsiques de 8 à 15 mm, identifiées par site.",
                    "Prolifération de glandes de petite taille, sans assise basale, avec nucléoles proéminents, sur 3 carottes du lobe gauche (longueur tumorale maximale 6 mm). Pas d'engainement périnerveux.",
                    "Adénocarcinome prostatique acinaire, score de Gleason 7 (3+4), groupe ISUP 2, sur 3 carottes sur 12.",
                    "Absence de marquage p63 des cellules basales dans les foyers suspects.", false),
            new Specimen("Pièce de tumorectomie du sein gauche avec ganglion sentinelle", "Carcinome du quadrant supéro-externe gauche",
                    "Pièce de 45 g orientée par fils, tumeur stellaire de 14 mm située à 8 mm de la berge la plus proche.",
                    "Carcinome infiltrant de type non spécifique, grade histopronostique SBR II (3+2+1). Absence d'emboles vasculaires. Berges saines. Ganglion sentinelle indemne (0/1).",
                    "Carcinome mammaire infiltrant de type non spécifique, SBR II, pT1c N0(sn), exérèse complète.",
                    "Récepteurs aux œstrogènes positifs (90 %), récepteurs à la progestérone positifs (60 %), HER2 score 1+ (négatif), Ki67 à 15 %.", false),
            new Specimen("Cytoponction d'un nodule thyroïdien droit", "Nodule EU-TIRADS 4 de 18 mm",
                    "Trois étalements et un flacon en milieu liquide.",
                    "Étalements riches en colloïde, nombreux thyréocytes en placards réguliers, sans atypie nucléaire.",
                    "Nodule thyroïdien droit : lésion bénigne, catégorie II du système de Bethesda.", null, true),
            new Specimen("Pièce de colectomie gauche", "Adénocarcinome sigmoïdien",
                    "Segment colique de 22 cm, tumeur ulcéro-bourgeonnante de 4 cm à 6 cm de la recoupe distale. 18 ganglions isolés.",
                    "Adénocarcinome lieberkühnien moyennement différencié infiltrant la sous-séreuse. Emboles vasculaires présents. Deux ganglions métastatiques sur 18. Recoupes saines.",
                    "Adénocarcinome colique moyennement différencié, pT3 N1b (2/18), R0.",
                    "Expression conservée des protéines MLH1, PMS2, MSH2 et MSH6 (phénotype MSS).", false));

    static String pathology(Gen g) {
        Specimen s = g.variant(SPECIMENS);
        g.requireSex(s.nature());
        TextDoc d = new TextDoc();
        if (g.chance(0.85)) {
            d.letterhead(g, g.pick("Cabinet d'anatomie et cytologie pathologiques Exemple", "Service d'anatomie pathologique - " + g.hospital(),
                    "Laboratoire d'anatomo-pathologie Factice", "Centre de pathologie Maquette"), null);
        }
        if (s.cytology()) {
            d.title(g, 0.7, "Compte rendu de cytologie", "Compte rendu d'anatomie et de cytologie pathologiques", "Examen cytologique",
                    "Cytopathologie - compte rendu", "Résultat de cytologie");
        } else {
            d.title(g, 0.7, "Compte rendu d'anatomie et de cytologie pathologiques", "Compte rendu anatomopathologique", "Examen histopathologique",
                    "CR d'anatomopathologie", "Compte rendu ACP", "Rapport d'anatomo-pathologie", "Résultat d'examen anatomo-pathologique", "Histologie");
        }
        d.header.add(g.patientLine());
        if (g.chance(0.7)) {
            d.header.add(g.pick("N° d'examen", "Référence", "N° ACP") + g.colon + " " + g.pick("H", "C", "B") + (g.day.getYear() % 100) + "-"
                    + g.between(10000, 99999));
        }
        if (g.chance(0.6)) {
            d.header.add("Prélevé le " + g.date(g.day.minusDays(g.between(2, 10))) + g.pick(", reçu le " + g.date(g.day.minusDays(1)), ""));
        }
        if (g.chance(0.5)) {
            d.header.add(g.pick("Préleveur", "Médecin préleveur", "Demandeur") + g.colon + " " + g.doctor());
        }
        d.fixed(g.variant("Nature du prélèvement", "Prélèvement", "Matériel reçu", "Type de prélèvement"), s.nature());
        if (g.chance(0.8)) {
            d.fixed(g.variant("Renseignements cliniques", "Contexte clinique", "Indication", "Motif"), s.clinical()
                    + g.pick("", "", ". Avis RCP souhaité", ". " + imagingResult(g), ". Prélèvement réalisé au bloc opératoire"));
        }
        if (g.chance(0.4)) {
            d.fixed("Technique", s.cytology() ? "Coloration de Papanicolaou." : g.pick("Fixation formolée, inclusion en paraffine, coloration HES.",
                    "Coupes colorées par HES, étude en niveaux multiples."));
        }
        d.fixed(g.variant(s.cytology() ? "Description" : "Examen macroscopique", "Macroscopie", "Description macroscopique", "Examen extemporané et macroscopie"), s.macro());
        d.fixed(g.variant(s.cytology() ? "Examen cytologique" : "Examen microscopique", "Microscopie", "Description histologique", "Étude histologique"), s.micro());
        if (s.ihc() != null) {
            d.fixed(g.pick("Immunohistochimie", "Étude immunohistochimique", "Examens complémentaires"), s.ihc());
        }
        d.fixed(g.variant("Conclusion", "Diagnostic", "Conclusion diagnostique", "En résumé"), s.conclusion());
        if (g.chance(0.3)) {
            d.closing.add("Code ADICAP" + g.colon + " " + g.pick("B", "P", "C") + g.pick("H", "T") + g.pick("GA", "CO", "PR", "SE", "PE")
                    + g.pick("A7", "B0", "M0", "T8") + "00");
        }
        if (g.chance(0.25)) {
            d.closing.add(g.pick("Dossier présenté en RCP.", "Deuxième lecture réalisée par un second pathologiste.",
                    "Blocs et lames conservés au laboratoire."));
        }
        d.closing.add(g.pick("", "Signé : ", "Validé par ") + g.author() + g.pick(", pathologiste", " - Anatomo-cyto-pathologiste", ""));
        return d.render(g);
    }

    // =================================================================== 70004-7 other diagnostic act

    static String diagnosticAct(Gen g) {
        TextDoc d = new TextDoc();
        int act = g.variantIndex(10);
        String[] titles;
        String place;
        switch (act) {
            case 0 -> {
                titles = new String[] {"Électrocardiogramme", "Compte rendu d'ECG", "ECG de repos 12 dérivations", "Interprétation ECG", "Tracé ECG"};
                place = "Service de cardiologie";
                d.fixed(g.variant("Indication", "Motif"), g.pick("Bilan préopératoire", "Palpitations", "Douleur thoracique atypique", "Suivi sous traitement bradycardisant"));
                int fc = g.between(52, 98);
                d.fixed(g.variant("Résultats", "Analyse du tracé", "Description", "Lecture"), g.list(List.of(
                        "Rythme " + g.pick("sinusal régulier", "sinusal régulier", "irrégulier en fibrillation atriale") + ", fréquence " + fc + " /min",
                        "PR " + g.between(130, 200) + " ms, QRS " + g.between(70, 110) + " ms, QTc " + g.between(380, 450) + " ms",
                        "Axe " + g.pick("normal", "gauche", "à 30°"),
                        g.pick("Pas de trouble de la repolarisation", "Ondes T négatives en V1-V3", "Bloc de branche droit incomplet",
                                "Pas d'onde Q de nécrose"))));
                d.fixed(g.variant("Conclusion", "Interprétation", "Synthèse"), g.pick("ECG normal.", "ECG sans anomalie significative.",
                        "Fibrillation atriale à réponse ventriculaire contrôlée.", "Bloc de branche droit incomplet isolé."));
            }
            case 1 -> {
                titles = new String[] {"Holter ECG des 24 heures", "Compte rendu d'enregistrement Holter", "Holter rythmique", "Enregistrement ECG ambulatoire"};
                place = "Explorations cardiologiques";
                d.fixed("Indication", g.pick("Palpitations", "Malaises", "Recherche de fibrillation atriale après AVC"));
                d.fixed(g.variant("Résultats", "Analyse", "Données de l'enregistrement"), "Durée d'enregistrement " + g.between(22, 24) + " h. Fréquence moyenne "
                        + g.between(62, 85) + " /min (min " + g.between(40, 55) + ", max " + g.between(110, 150) + "). "
                        + g.between(10, 900) + " extrasystoles ventriculaires monomorphes, " + g.between(5, 400) + " extrasystoles supraventriculaires. "
                        + g.pick("Pas de pause supérieure à 2,5 s.", "Un accès de fibrillation atriale de 12 minutes.", "Pas de trouble conductif."));
                d.fixed("Conclusion", g.pick("Holter sans anomalie rythmique significative.", "Fibrillation atriale paroxystique.",
                        "Hyperexcitabilité ventriculaire bénigne."));
            }
            case 2 -> {
                titles = new String[] {"Épreuve d'effort", "Compte rendu d'épreuve d'effort", "Test d'effort sur bicyclette ergométrique", "ECG d'effort"};
                place = "Explorations fonctionnelles cardiologiques";
                d.fixed("Indication", g.pick("Douleur thoracique d'effort", "Bilan avant reprise du sport", "Suivi de cardiopathie ischémique"));
                d.fixed(g.variant("Protocole", "Technique"), "Bicyclette ergométrique, paliers de 30 W toutes les 2 minutes.");
                d.fixed(g.variant("Résultats", "Déroulement"), "Puissance maximale " + g.between(120, 240) + " W, fréquence cardiaque maximale "
                        + g.between(140, 175) + " /min (" + g.between(85, 100) + " % de la FMT). Pression artérielle " + g.between(170, 210) + "/" + g.between(80, 95)
                        + " mmHg au pic. " + g.pick("Pas de douleur thoracique.", "Douleur thoracique au dernier palier.") + " "
                        + g.pick("Pas de sous-décalage du segment ST.", "Sous-décalage ST de 1,5 mm en V4-V6 à l'effort."));
                d.fixed("Conclusion", g.pick("Épreuve d'effort maximale, cliniquement et électriquement négative.", "Épreuve d'effort positive : coronarographie à discuter."));
            }
            case 3 -> {
                titles = new String[] {"Explorations fonctionnelles respiratoires", "EFR", "Compte rendu d'EFR", "Spirométrie", "Exploration fonctionnelle respiratoire"};
                place = "Laboratoire d'explorations fonctionnelles respiratoires";
                d.fixed("Indication", g.pick("Dyspnée d'effort", "Suivi de BPCO", "Bilan préopératoire", "Asthme"));
                int vems = g.between(45, 105);
                d.fixed(g.variant("Résultats", "Mesures", "Données"), g.list(List.of(
                        "VEMS" + g.colon + " " + g.num(g.between(100, 380) / 100.0, 2) + " L (" + vems + " % de la théorique)",
                        "CVF" + g.colon + " " + g.num(g.between(200, 480) / 100.0, 2) + " L (" + g.between(70, 110) + " %)",
                        "Rapport VEMS/CVF" + g.colon + " " + g.num(g.between(48, 82) / 100.0, 2),
                        "CPT" + g.colon + " " + g.between(80, 120) + " %", "DLCO" + g.colon + " " + g.between(50, 100) + " %")));
                d.fixed(g.pick("Test de réversibilité", "Après bronchodilatateur"), "Après 400 µg de salbutamol" + g.colon + " gain de VEMS de "
                        + g.between(20, 350) + " mL.");
                d.fixed("Conclusion", vems < 80 ? g.pick("Trouble ventilatoire obstructif non réversible.", "Trouble ventilatoire obstructif modéré.")
                        : g.pick("Pas de trouble ventilatoire.", "Spirométrie normale."));
            }
            case 4 -> {
                titles = new String[] {"Fibroscopie œso-gastro-duodénale", "Compte rendu d'endoscopie digestive haute", "FOGD", "Gastroscopie"};
                place = "Unité d'endoscopie digestive";
                d.fixed("Indication", g.pick("Épigastralgies", "Anémie ferriprive", "Reflux gastro-œsophagien résistant", "Méléna"));
                d.fixed(g.variant("Technique", "Déroulement", "Conditions de l'examen"), g.pick("Examen sous anesthésie générale", "Examen sous anesthésie locale pharyngée")
                        + ", endoscope standard, progression jusqu'au deuxième duodénum.");
                d.fixed(g.variant("Résultats", "Description", "Compte rendu endoscopique"), g.list(List.of("Œsophage" + g.colon + " "
                        + g.pick("muqueuse normale, jonction à 38 cm des arcades dentaires", "œsophagite peptique grade A de Los Angeles"),
                        "Estomac" + g.colon + " " + g.pick("muqueuse érythémateuse antrale", "aspect normal", "ulcère angulaire de 8 mm à fond propre"),
                        "Duodénum" + g.colon + " " + g.pick("normal", "bulbite érosive"))));
                d.fixed(g.pick("Prélèvements", "Biopsies"), g.pick("Biopsies antrales et fundiques pour recherche d'Helicobacter pylori.",
                        "Pas de biopsie.", "Biopsies duodénales multiples."));
                d.fixed("Conclusion", g.pick("Gastropathie érythémateuse antrale, biopsies en cours.", "Examen normal.", "Œsophagite peptique minime."));
            }
            case 5 -> {
                titles = new String[] {"Compte rendu de coloscopie", "Coloscopie totale", "Endoscopie digestive basse", "Iléo-coloscopie"};
                place = "Unité d'endoscopie digestive";
                d.fixed("Indication", g.pick("Dépistage après test immunologique positif", "Antécédent familial de cancer colique", "Rectorragies", "Surveillance de polypes"));
                d.fixed(g.variant("Préparation", "Qualité de la préparation"), "Score de Boston " + g.between(6, 9) + "/9.");
                d.fixed(g.variant("Résultats", "Description", "Déroulement"), "Coloscopie complète jusqu'au bas-fond cæcal, intubation iléale. "
                        + g.pick("Polype sessile de 8 mm du sigmoïde réséqué à l'anse froide.", "Pas de lésion muqueuse.",
                        "Diverticulose sigmoïdienne non compliquée.", "Deux polypes infracentimétriques du côlon droit réséqués."));
                d.fixed("Conclusion", g.pick("Coloscopie normale, contrôle dans 10 ans.", "Polypectomie, résultat histologique à suivre.",
                        "Diverticulose sigmoïdienne."));
            }
            case 6 -> {
                titles = new String[] {"Électroencéphalogramme", "Compte rendu d'EEG", "EEG de veille", "Enregistrement électroencéphalographique"};
                place = "Service d'explorations fonctionnelles neurologiques";
                d.fixed("Indication", g.pick("Malaise avec perte de connaissance", "Suivi d'épilepsie", "Confusion fluctuante"));
                d.fixed(g.variant("Résultats", "Description du tracé", "Analyse"), "Rythme de fond alpha à " + g.between(8, 11) + " Hz, symétrique, réactif à l'ouverture des yeux. "
                        + g.pick("Pas d'anomalie paroxystique.", "Quelques pointes-ondes temporales gauches.") + " Hyperpnée et SLI sans effet.");
                d.fixed("Conclusion", g.pick("EEG de veille normal.", "Anomalies paroxystiques temporales gauches."));
            }
            case 7 -> {
                titles = new String[] {"Électroneuromyogramme", "Compte rendu d'ENMG", "EMG des membres supérieurs", "Exploration électrophysiologique"};
                place = "Explorations neurophysiologiques";
                d.fixed("Indication", g.pick("Paresthésies nocturnes des mains", "Suspicion de syndrome du canal carpien", "Neuropathie diabétique"));
                d.fixed(g.variant("Résultats", "Neurographie", "Données"), "Allongement de la latence distale motrice du nerf médian droit à "
                        + g.num(g.between(42, 60) / 10.0, 1) + " ms, ralentissement de la conduction sensitive au canal carpien. Nerf ulnaire normal. Détection sans anomalie.");
                d.fixed("Conclusion", g.pick("Syndrome du canal carpien droit de sévérité modérée.", "Syndrome du canal carpien bilatéral débutant."));
            }
            case 8 -> {
                titles = new String[] {"Polygraphie ventilatoire nocturne", "Compte rendu de polysomnographie", "Enregistrement du sommeil", "Polygraphie"};
                place = "Centre du sommeil";
                d.fixed("Indication", g.pick("Ronflements et somnolence diurne", "Suspicion de syndrome d'apnées du sommeil", "Contrôle sous PPC"));
                int iah = g.between(2, 48);
                d.fixed(g.variant("Résultats", "Données de l'enregistrement"), "Durée d'enregistrement " + g.between(6, 8) + " h. Index d'apnées-hypopnées (IAH) "
                        + iah + " /h, majoritairement obstructives. SpO2 moyenne " + g.between(92, 96) + " %, temps passé sous 90 % : " + g.between(0, 40) + " min.");
                d.fixed("Conclusion", iah >= 30 ? "Syndrome d'apnées obstructives du sommeil sévère." : iah >= 15 ? "SAOS modéré." : "Pas de SAOS significatif.");
            }
            default -> {
                titles = new String[] {"Échocardiographie transthoracique", "Compte rendu d'ETT", "Échographie cardiaque", "Écho-doppler cardiaque"};
                place = "Service de cardiologie - explorations";
                d.fixed("Indication", g.pick("Dyspnée", "Souffle cardiaque", "Bilan d'hypertension artérielle", "Suivi de cardiopathie"));
                int fevg = g.between(30, 68);
                d.fixed(g.variant("Résultats", "Mesures et description", "Analyse"), g.list(List.of(
                        "Ventricule gauche non dilaté, FEVG estimée à " + fevg + " % (Simpson biplan)",
                        g.pick("Pas de valvulopathie significative", "Insuffisance mitrale minime", "Rétrécissement aortique serré, surface 0,8 cm²"),
                        "PAPS estimée à " + g.between(25, 50) + " mmHg", g.pick("Péricarde sec", "Pas d'épanchement péricardique"))));
                d.fixed("Conclusion", fevg < 45 ? "Dysfonction systolique ventriculaire gauche." : "Fonction ventriculaire gauche conservée.");
            }
        }
        if (g.chance(0.85)) {
            d.letterhead(g, g.hospital(), place);
        }
        d.title = g.chance(0.7) ? g.variant(titles) : null;
        d.header.add(g.patientLine());
        if (g.chance(0.6)) {
            d.header.add(g.pick("Examen du ", "Réalisé le ", "Date" + g.colon + " ") + g.date());
        }
        if (g.chance(0.4)) {
            d.header.add(g.pick("Médecin prescripteur", "Demandeur") + g.colon + " " + g.doctor());
        }
        d.closing.add(g.pick("", "Signé : ", "Interprété par ", "Opérateur" + g.colon + " ") + g.doctor());
        return d.render(g);
    }

    // =================================================================== 34874-8 operative report

    record Operation(String name, String indication, String installation, String approach, List<String> steps, String closure,
                     String specimen, String anesthesia) {
    }

    static final List<Operation> OPERATIONS = List.of(
            new Operation("Cholécystectomie par cœlioscopie", "Cholécystite aiguë lithiasique", "Décubitus dorsal, jambes écartées, opérateur entre les jambes",
                    "Open-cœlioscopie ombilicale, trois trocarts opérateurs de 5 mm",
                    List.of("Exploration de la cavité abdominale : vésicule inflammatoire, pas d'épanchement", "Dissection du triangle de Calot",
                            "Contrôle et section du canal cystique et de l'artère cystique entre clips", "Cholécystectomie rétrograde au crochet coagulateur",
                            "Extraction de la pièce dans un sac", "Lavage et hémostase soigneuse"),
                    "Fermeture de l'aponévrose ombilicale au fil résorbable, surjet intradermique", "Vésicule biliaire envoyée en anatomopathologie",
                    "Anesthésie générale"),
            new Operation("Appendicectomie cœlioscopique", "Syndrome appendiculaire, appendicite à l'échographie", "Décubitus dorsal, bras gauche le long du corps",
                    "Trois trocarts : ombilical, sus-pubien et fosse iliaque gauche",
                    List.of("Appendice inflammatoire en position latéro-cæcale", "Épanchement louche de la fosse iliaque droite prélevé pour bactériologie",
                            "Section du méso-appendice à la pince bipolaire", "Ligature de la base appendiculaire par deux endoloops", "Extraction en sac"),
                    "Fermeture aponévrotique et cutanée", "Appendice en anatomopathologie, liquide en bactériologie", "Anesthésie générale"),
            new Operation("Prothèse totale de hanche droite", "Coxarthrose droite évoluée invalidante", "Décubitus latéral gauche, appuis pubien et sacré",
                    "Voie postéro-latérale de Moore",
                    List.of("Capsulotomie et luxation de la tête fémorale", "Ostéotomie du col fémoral", "Préparation du cotyle, mise en place d'une cupule sans ciment",
                            "Préparation fémorale aux râpes, essais", "Mise en place de la tige fémorale et d'une tête céramique, réduction",
                            "Vérification de la stabilité et de la longueur"),
                    "Réinsertion capsulaire, fermeture plan par plan sur drain de Redon, agrafes cutanées", "Pas de prélèvement", "Rachianesthésie"),
            new Operation("Cure de hernie inguinale gauche selon Lichtenstein", "Hernie inguinale gauche symptomatique", "Décubitus dorsal",
                    "Incision inguinale gauche de 6 cm",
                    List.of("Ouverture de l'aponévrose du grand oblique", "Dissection du cordon spermatique", "Hernie oblique externe, sac disséqué et réintégré",
                            "Mise en place d'une plaque prothétique fixée à l'arcade crurale", "Reconstitution de l'orifice profond"),
                    "Fermeture de l'aponévrose, surjet intradermique", "Pas de prélèvement", "Anesthésie générale"),
            new Operation("Arthroscopie du genou gauche, méniscectomie partielle", "Fissure de la corne postérieure du ménisque médial, blocages",
                    "Décubitus dorsal, garrot à la racine de la cuisse", "Voies d'abord antéro-latérale et antéro-médiale",
                    List.of("Exploration articulaire : cartilage fémoro-tibial sain", "Lésion en anse de seau de la corne postérieure du ménisque médial",
                            "Méniscectomie partielle à la pince et au shaver", "Ligament croisé antérieur intact", "Lavage articulaire"),
                    "Fermeture cutanée par points séparés, pansement compressif", "Fragments méniscaux non envoyés", "Anesthésie générale"),
            new Operation("Thyroïdectomie totale", "Goitre multinodulaire compressif", "Décubitus dorsal, billot sous les épaules, tête en extension",
                    "Cervicotomie transverse de Kocher",
                    List.of("Ouverture de la ligne blanche", "Lobectomie droite avec repérage du nerf laryngé inférieur droit et conservation des parathyroïdes",
                            "Lobectomie gauche selon la même technique", "Neuromonitoring : signal conservé des deux côtés", "Hémostase soigneuse"),
                    "Fermeture plan par plan, surjet intradermique, pas de drainage", "Pièce de thyroïdectomie en anatomopathologie", "Anesthésie générale"),
            new Operation("Césarienne segmentaire", "Présentation du siège, utérus cicatriciel", "Décubitus dorsal avec inclinaison latérale gauche",
                    "Incision de Pfannenstiel",
                    List.of("Ouverture de la cavité péritonéale", "Hystérotomie segmentaire transversale",
                            "Extraction d'un nouveau-né vivant, Apgar 9/10", "Délivrance dirigée, révision utérine", "Hystérorraphie en un plan"),
                    "Fermeture pariétale plan par plan, surjet intradermique", "Placenta en anatomopathologie", "Rachianesthésie"),
            new Operation("Colectomie gauche par cœlioscopie", "Adénocarcinome sigmoïdien, décision de RCP", "Décubitus dorsal, jambes écartées, bras le long du corps",
                    "Cinq trocarts",
                    List.of("Exploration : pas de carcinose, foie sans lésion visible", "Ligature de l'artère mésentérique inférieure à l'origine",
                            "Décollement colo-pariétal gauche et mobilisation de l'angle gauche", "Section rectale haute à la pince automatique",
                            "Extraction par une incision sus-pubienne protégée", "Anastomose colorectale mécanique, test d'étanchéité négatif"),
                    "Fermeture des orifices de trocarts, agrafes cutanées", "Pièce de colectomie en anatomopathologie", "Anesthésie générale"));

    static String operative(Gen g) {
        Operation op = g.variant(OPERATIONS);
        g.requireSex(op.name());
        TextDoc d = new TextDoc();
        if (g.chance(0.85)) {
            d.letterhead(g, g.hospital(), g.pick("Service de chirurgie", "Bloc opératoire", "Chirurgie orthopédique", "Chirurgie viscérale et digestive",
                    "Service de gynécologie-obstétrique", "Chirurgie ambulatoire"));
        }
        d.title(g, 0.7, "Compte rendu opératoire", "CRO", "Compte-rendu d'intervention", "Protocole opératoire", "CR opératoire",
                "Compte rendu d'intervention chirurgicale", "Rapport opératoire", "Feuille opératoire");
        d.header.add(g.patientLine());
        d.header.add(g.pick("Date de l'intervention", "Opéré(e) le", "Date d'intervention", "Intervention du") + g.colon + " " + g.date());
        d.header.add(g.pick("Opérateur", "Chirurgien", "Opérateur principal") + g.colon + " " + g.author());
        if (g.chance(0.6)) {
            d.header.add(g.pick("Aide", "Aide opératoire", "Assistant") + g.colon + " " + g.doctor());
        }
        if (g.chance(0.6)) {
            d.header.add(g.pick("Anesthésiste", "MAR", "Médecin anesthésiste") + g.colon + " " + g.doctor());
        }
        if (g.chance(0.5)) {
            d.header.add(g.pick("Type d'anesthésie", "Anesthésie") + g.colon + " " + op.anesthesia() + (g.chance(0.4) ? ", ASA " + g.between(1, 3) : ""));
        }
        if (g.chance(0.7)) {
            d.fixed(g.pick("Intervention", "Intervention réalisée", "Acte", "Geste"), op.name());
        }
        d.fixed(g.variant("Indication", "Indication opératoire", "Diagnostic préopératoire", "Motif"), op.indication() + ".");
        if (g.chance(0.7)) {
            d.fixed(g.variant("Installation", "Position", "Installation du patient"), op.installation() + "."
                    + (g.chance(0.5) ? " Antibioprophylaxie selon le protocole. Check-list réalisée." : ""));
        }
        if (g.chance(0.8)) {
            d.fixed(g.variant("Voie d'abord", "Abord", "Incision"), op.approach() + ".");
        }
        List<String> steps = op.steps();
        String desc = g.chance(0.5) ? String.join(". ", steps) + "." : g.list(steps);
        d.fixed(g.variant("Description", "Déroulement de l'intervention", "Temps opératoires", "Constatations et gestes", "Compte rendu"), desc);
        d.fixed(g.variant("Fermeture", "Fin d'intervention", "Fermeture et pansement"), op.closure() + ".");
        if (g.chance(0.7)) {
            d.fixed(g.pick("Incidents peropératoires", "Incidents", "Complications peropératoires"), g.pick("Aucun.", "Néant.", "RAS",
                    "Saignement modéré, pertes estimées à " + g.between(100, 500) + " mL."));
        }
        if (g.chance(0.7)) {
            d.fixed(g.pick("Prélèvements", "Anatomopathologie", "Pièces opératoires"), op.specimen() + ".");
        }
        if (g.chance(0.75)) {
            d.fixed(g.variant("Consignes postopératoires", "Suites", "Prescriptions postopératoires", "Conduite à tenir"), g.list(g.shuffled(List.of(
                    "Lever " + g.pick("le soir même", "à J1", "dès que possible"), "Antalgiques de palier 1 et 2",
                    "Anticoagulation préventive par énoxaparine pendant " + g.pick("10", "35") + " jours",
                    "Ablation des fils à J" + g.between(10, 15), "Reprise alimentaire " + g.pick("le soir même", "à J1"),
                    "Consultation postopératoire à " + g.pick("1 mois", "6 semaines"), "Pansement sec à refaire tous les 2 jours"), 2, 4)));
        }
        if (g.chance(0.3)) {
            d.fixed("Durée", g.between(25, 180) + " minutes");
        }
        d.closing.add(g.pick("", "Signé : ", "Le chirurgien, ", "Signé" + g.colon + " ") + g.author());
        return d.render(g);
    }

    // =================================================================== 77436-4 anesthesia report

    static String anesthesia(Gen g) {
        Operation op = g.variant(OPERATIONS);
        g.requireSex(op.name());
        boolean spinal = op.anesthesia().startsWith("Rachi") || g.chance(0.15);
        TextDoc d = new TextDoc();
        if (g.chance(0.85)) {
            d.letterhead(g, g.hospital(), g.pick("Département d'anesthésie-réanimation", "Service d'anesthésie", "Bloc opératoire - anesthésie"));
        }
        d.title(g, 0.7, "Compte rendu d'anesthésie", "Feuille d'anesthésie - synthèse", "Compte rendu anesthésique", "CR d'anesthésie",
                "Anesthésie - compte rendu peropératoire", "Dossier d'anesthésie - synthèse peropératoire", "Résumé de l'anesthésie");
        d.header.add(g.patientLine());
        d.header.add(g.pick("Date", "Intervention du", "Date de l'anesthésie") + g.colon + " " + g.date());
        d.header.add(g.pick("Médecin anesthésiste", "Anesthésiste", "MAR") + g.colon + " " + g.author()
                + (g.chance(0.5) ? " - IADE" + g.colon + " " + g.pick(Lexicon.SURNAMES) : ""));
        d.fixed(g.variant("Intervention", "Acte chirurgical", "Chirurgie"), op.name() + (g.chance(0.5) ? " (" + g.doctor() + ")" : ""));
        d.fixed(g.pick("Score ASA", "Classe ASA", "ASA"), "ASA " + g.between(1, 3) + (g.chance(0.3) ? ", poids " + g.between(48, 110) + " kg" : ""));
        if (g.chance(0.3)) {
            d.fixed(g.pick("Rappel de la consultation d'anesthésie", "Données de la CPA", "Évaluation préopératoire"), "Consultation du "
                    + g.date(g.day.minusDays(g.between(3, 30))) + g.colon + " Mallampati " + g.between(1, 3) + ", pas de critère d'intubation difficile. "
                    + g.pick("Jeûne respecté.", "Allergies" + g.colon + " " + g.pick(Lexicon.ALLERGIES) + ".", "Traitement habituel poursuivi."));
        }
        int propofol = g.between(12, 25) * 10;
        if (spinal) {
            d.fixed(g.variant("Technique anesthésique", "Type d'anesthésie", "Technique"), "Rachianesthésie en position assise, aiguille pointe crayon 25G, espace L3-L4. "
                    + "Bupivacaïne hyperbare " + g.num(g.between(10, 15), 0) + " mg, sufentanil " + g.between(2, 5) + " µg. Niveau sensitif T" + g.between(6, 10) + ".");
            d.fixed(g.pick("Sédation", "Complément"), g.pick("Aucune sédation.", "Sédation légère au propofol en AIVOC.", "Midazolam 1 mg."));
        } else {
            d.fixed(g.variant("Induction", "Induction anesthésique", "Protocole d'induction"), "Propofol " + propofol + " mg, "
                    + g.pick("sufentanil " + g.between(10, 30) + " µg", "rémifentanil en AIVOC") + ", "
                    + g.pick("rocuronium " + g.between(30, 70) + " mg", "atracurium " + g.between(25, 50) + " mg", "sans curare") + ".");
            d.fixed(g.variant("Contrôle des voies aériennes", "Intubation", "Airway"), g.pick("Intubation orotrachéale, Cormack 1, sonde 7,5 à ballonnet, "
                    + "laryngoscopie directe.", "Masque laryngé taille 4.", "Intubation orotrachéale sous vidéolaryngoscope, Cormack 2, sonde 7."));
            d.fixed(g.pick("Entretien", "Entretien de l'anesthésie"), g.pick("Sévoflurane MAC 0,8 à 1.", "Desflurane 5 %.", "Propofol et rémifentanil en AIVOC.")
                    + " Ventilation contrôlée, " + g.pick("Vt 6 mL/kg, PEP 5", "volume courant 450 mL, PEP 6") + ".");
        }
        d.fixed(g.pick("Monitorage", "Surveillance"), g.pick("Standard : ECG, PNI, SpO2, EtCO2", "Standard et BIS", "Standard, curamètre, température")
                + (g.chance(0.3) ? ", pression artérielle invasive radiale" : "") + ".");
        d.fixed(g.pick("Antibioprophylaxie", "ABP"), g.pick("Céfazoline 2 g IV à l'induction", "Céfazoline 2 g IVD, réinjection à H4",
                "Non indiquée", "Clindamycine 900 mg (allergie aux bêtalactamines)") + ".");
        if (g.chance(0.7)) {
            d.fixed(g.pick("Remplissage", "Apports et pertes", "Bilan entrées-sorties"), "Ringer lactate " + g.between(5, 20) * 100 + " mL. "
                    + g.pick("Pas de transfusion.", "Transfusion de 2 CGR.", "Pertes sanguines estimées à " + g.between(50, 600) + " mL."));
        }
        d.fixed(g.variant("Événements peranesthésiques", "Événements indésirables", "Incidents", "Déroulement"), g.pick("Aucun.",
                "Hypotension à l'induction corrigée par éphédrine 9 mg.", "Bradycardie transitoire traitée par atropine 0,5 mg.",
                "Désaturation transitoire à 90 % lors de l'induction.", "Pas d'événement notable."));
        if (g.chance(0.7)) {
            d.fixed(g.pick("Prophylaxie NVPO", "Antiémétiques"), "Dexaméthasone " + g.pick("4", "8") + " mg, ondansétron 4 mg.");
        }
        d.fixed(g.variant("Réveil", "SSPI", "Salle de surveillance post-interventionnelle", "Fin d'anesthésie"),
                (spinal ? "Levée du bloc moteur à H" + g.between(2, 4) + ". " : g.pick("Extubation sur table, ", "Retrait du masque laryngé, ")
                        + g.pick("décurarisation par sugammadex 200 mg. ", "TOF > 0,9. ", "")) + "score d'Aldrete " + g.between(9, 10)
                        + " à la sortie de SSPI, EVA " + g.between(0, 4) + "/10.");
        if (g.chance(0.8)) {
            d.fixed(g.variant("Analgésie postopératoire", "Prescriptions postopératoires", "Consignes"), g.list(g.some(List.of(
                    "Paracétamol 1 g IV toutes les 6 h", "Néfopam 20 mg toutes les 6 h", "Kétoprofène 100 mg IV toutes les 12 h pendant 48 h",
                    "Morphine en titration si EVA > 3", "Reprise des boissons à H" + g.between(2, 6), "Anticoagulation préventive à H6",
                    "Surveillance du point de ponction"), 2, 4)));
        }
        if (g.chance(0.3)) {
            d.fixed("Durée", "Début de l'anesthésie " + g.time() + ", fin " + g.time() + ".");
        }
        d.closing.add(g.pick("", "Signé : ", "Le médecin anesthésiste-réanimateur, ") + g.author());
        return d.render(g);
    }

    // =================================================================== 34794-8 RCP

    record Cancer(String rcp, String organ, String pathology, String staging, List<String> workup, List<String> proposals) {
    }

    static final List<Cancer> CANCERS = List.of(
            new Cancer("RCP digestive", "adénocarcinome du côlon sigmoïde", "Adénocarcinome lieberkühnien moyennement différencié sur biopsies coliques, statut MSS.",
                    "cT3 N1 M0", List.of("Scanner thoraco-abdomino-pelvien : pas de lésion secondaire", "ACE à 6,2 µg/L", "Coloscopie complète : pas de lésion synchrone"),
                    List.of("Colectomie gauche par cœlioscopie, puis nouvelle présentation en RCP avec l'analyse de la pièce",
                            "Chimiothérapie adjuvante par FOLFOX pendant 3 mois si pN+")),
            new Cancer("RCP sénologie", "carcinome canalaire infiltrant du sein gauche", "Carcinome infiltrant de type non spécifique, SBR II, RE+ RP+ HER2 négatif, Ki67 15 %.",
                    "cT1c N0 M0", List.of("Mammographie et échographie : lésion unifocale de 14 mm", "IRM mammaire : pas d'autre lésion"),
                    List.of("Tumorectomie avec technique du ganglion sentinelle", "Radiothérapie adjuvante du sein", "Hormonothérapie adjuvante pendant 5 ans")),
            new Cancer("RCP thoracique", "adénocarcinome pulmonaire du lobe supérieur droit", "Adénocarcinome pulmonaire TTF1+, PD-L1 à 60 %, pas de mutation EGFR ni réarrangement ALK.",
                    "cT2a N2 M0", List.of("TEP-scanner : fixation hilaire et médiastinale droite", "IRM cérébrale : pas de métastase", "EFR : VEMS à 78 %"),
                    List.of("Radio-chimiothérapie concomitante puis immunothérapie de consolidation", "Discussion d'une inclusion dans un essai thérapeutique")),
            new Cancer("RCP uro-oncologie", "adénocarcinome prostatique", "Adénocarcinome prostatique Gleason 7 (3+4), ISUP 2, 3 carottes positives sur 12.",
                    "cT2a N0 M0, risque intermédiaire", List.of("IRM prostatique : lésion PI-RADS 4 du lobe gauche", "PSA à 9,2 ng/mL", "Scintigraphie osseuse non indiquée"),
                    List.of("Prostatectomie totale robot-assistée ou radiothérapie externe, à discuter avec le patient",
                            "Surveillance active non retenue")),
            new Cancer("RCP onco-hématologie", "lymphome B diffus à grandes cellules", "Lymphome B diffus à grandes cellules CD20+, Ki67 80 %.",
                    "Stade III d'Ann Arbor, IPI 2", List.of("TEP-scanner : atteintes ganglionnaires sus et sous-diaphragmatiques", "LDH à 1,5 fois la normale",
                    "Biopsie ostéomédullaire non réalisée"),
                    List.of("Immunochimiothérapie par R-CHOP, 6 cures", "TEP intermédiaire après 2 cures", "Pose de chambre implantable")),
            new Cancer("RCP ORL", "carcinome épidermoïde de l'oropharynx", "Carcinome épidermoïde bien différencié, p16 positif.",
                    "cT2 N1 M0", List.of("Panendoscopie : lésion amygdalienne gauche de 3 cm", "Scanner cervico-thoracique : adénopathie jugulo-carotidienne gauche"),
                    List.of("Radio-chimiothérapie concomitante", "Bilan dentaire et soins avant radiothérapie", "Évaluation nutritionnelle")));

    private static String antecedents(Gen g) {
        List<String> h = g.some(Lexicon.HISTORY, 0, 3);
        return h.isEmpty() ? "sans antécédent notable" : "aux antécédents " + Gen.de(Gen.enumerate(h));
    }

    static String rcp(Gen g) {
        Cancer c = g.variant(CANCERS);
        g.requireSex(c.rcp());
        TextDoc d = new TextDoc();
        if (g.chance(0.8)) {
            d.letterhead(g, g.pick(g.hospital(), "Centre de Coordination en Cancérologie (3C) Fictif", "Réseau Régional de Cancérologie Exemple"), null);
        }
        d.title(g, 0.7, "Fiche de réunion de concertation pluridisciplinaire", "Compte rendu de RCP", "Réunion de concertation pluridisciplinaire",
                "Fiche RCP", "Avis de RCP", "Décision de RCP - " + c.rcp(), "Synthèse de RCP", "Fiche de décision oncologique");
        d.header.add(g.patientLine());
        d.header.add(g.pick("Date de la RCP", "RCP du", "Séance du", "Date de présentation") + g.colon + " " + g.date());
        if (g.chance(0.7)) {
            d.header.add(g.pick("Type de RCP", "RCP", "Réunion") + g.colon + " " + c.rcp());
        }
        if (g.chance(0.7)) {
            d.header.add(g.pick("Médecin présentant le dossier", "Présenté par", "Médecin référent") + g.colon + " " + g.doctor());
        }
        if (g.chance(0.75)) {
            d.fixed(g.variant("Participants", "Médecins présents", "Membres présents", "Quorum"), g.list(g.some(List.of(
                    g.doctor() + ", oncologue médical", g.doctor() + ", chirurgien", g.doctor() + ", radiothérapeute", g.doctor() + ", radiologue",
                    g.doctor() + ", pathologiste", g.doctor() + ", médecin nucléaire", g.doctor() + ", hématologue"), 3, 6))
                    + (g.chance(0.5) ? "\nQuorum atteint" + g.pick(" : oui", ".") : ""));
        }
        d.fixed(g.variant("Motif de présentation", "Question posée", "Objet de la présentation", "Motif"), g.pick("Dossier de diagnostic initial, stratégie thérapeutique",
                "Discussion de la prise en charge", "Présentation postopératoire", "Récidive, quelle suite thérapeutique ?"));
        d.section(g.variant("Histoire de la maladie", "Résumé clinique", "Résumé du dossier", "Contexte"), g.patient.civility() + " " + g.patient.surname()
                + ", " + g.age(g.patient) + " ans, " + antecedents(g)
                + ". Diagnostic " + Gen.de(c.organ()) + (g.chance(0.5) ? " dans les suites d'un " + g.pick("dépistage", "bilan de symptômes", "examen d'imagerie") : "")
                + ". État général" + g.colon + " OMS " + g.between(0, 2) + ".");
        d.section(g.variant("Anatomopathologie", "Histologie", "Résultat anatomopathologique", "Histologie et biologie moléculaire"), c.pathology());
        List<String> workup = new ArrayList<>(c.workup());
        if (g.chance(0.3)) {
            workup.add(imagingResult(g));
        }
        d.section(g.variant("Bilan d'extension", "Imagerie", "Bilan réalisé", "Examens"), g.list(workup));
        if (g.chance(0.2)) {
            d.section(g.pick("Biologie", "Bilan biologique"), labLines(g, 2, 4));
        }
        d.fixed(g.pick("Stade", "Classification", "Stadification", "TNM"), c.staging());
        d.fixed(g.variant("Proposition thérapeutique", "Décision de la RCP", "Avis de la RCP", "Proposition de la RCP", "Conclusion"), g.list(c.proposals()));
        if (g.chance(0.6)) {
            d.fixed(g.pick("Essai thérapeutique", "Inclusion dans un essai"), g.pick("Non", "Pas d'essai disponible", "Oui, essai proposé", "À discuter"));
        }
        if (g.chance(0.6)) {
            d.fixed(g.pick("Conformité aux référentiels", "Référentiel"), g.pick("Proposition conforme au référentiel régional.", "Conforme.",
                    "Hors référentiel, justification : comorbidités."));
        }
        if (g.chance(0.5)) {
            d.para(g.pick("La proposition sera présentée au patient lors d'une consultation d'annonce.",
                    "Le patient sera informé de la décision par son médecin référent.", "Nouvelle présentation en RCP après le traitement."));
        }
        d.closing.add(g.pick("Fiche validée par ", "Responsable de la RCP" + g.colon + " ", "Coordonnateur" + g.colon + " ") + g.doctor());
        return d.render(g);
    }
}
