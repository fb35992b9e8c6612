package fr.dmp.ingest.tools.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Letters and notes around a stay or a visit: discharge letters, transfer notes, episode syntheses,
 * consultations, pre-anesthesia consultations, emergency reports, certificates, vaccination notes.
 * Several of them share the same clinical scenarios ({@link Lexicon#SCENARIOS}), so that the disease
 * never tells the type: the layout and the wording of the document have to.
 */
final class CareTexts {

    private CareTexts() {
    }

    static String drugLines(Gen g, List<String> inns, boolean withPosology) {
        List<String> lines = new ArrayList<>();
        for (String inn : inns) {
            Lexicon.Drug drug = Lexicon.DRUGS.stream().filter(x -> x.inn().equals(inn)).findFirst().orElseThrow();
            lines.add(withPosology ? drugWithPosology(g, drug) : drug.inn() + " " + drug.strength());
        }
        return g.list(lines);
    }

    static String drugWithPosology(Gen g, Lexicon.Drug drug) {
        String name = g.chance(0.3) ? drug.inn().toUpperCase(java.util.Locale.FRENCH) : Gen.cap(drug.inn());
        return switch (g.index(3)) {
            case 0 -> name + " " + drug.strength() + g.colon + " " + drug.posology();
            case 1 -> name + " " + drug.strength() + " " + drug.form() + ", " + drug.posology();
            default -> name + " " + drug.strength() + " - " + drug.posology();
        };
    }

    static List<String> randomDrugs(Gen g, int min, int max) {
        List<String> out = new ArrayList<>();
        for (Lexicon.Drug drug : g.some(Lexicon.DRUGS, min, max)) {
            out.add(drug.inn());
        }
        return out;
    }

    static String history(Gen g) {
        List<String> h = g.some(Lexicon.HISTORY, 1, 4);
        return switch (g.index(4)) {
            case 0, 1 -> g.list(h);
            case 2 -> Gen.cap(Gen.enumerate(h)) + ".";
            default -> g.patient.civility() + " " + g.patient.surname() + ", " + g.age(g.patient) + " ans, aux antécédents " + Gen.de(Gen.enumerate(h)) + ".";
        };
    }

    private static String salutation(Gen g) {
        return g.variant("Cher confrère,", "Chère consœur, cher confrère,", "Cher ami,", "Chère consœur,", "Madame, Monsieur,", "Cher collègue,");
    }

    private static String politeEnd(Gen g) {
        return g.variant("Je vous prie de croire, cher confrère, en l'expression de mes sentiments confraternels.",
                "Bien confraternellement.", "Restant à votre disposition, je vous prie d'agréer mes salutations confraternelles.",
                "Cordialement.", "Avec mes remerciements, bien à vous.");
    }

    // =================================================================== 11490-0 discharge letter

    static String discharge(Gen g) {
        Lexicon.Scenario s = g.variant(Lexicon.SCENARIOS);
        LocalDate in = g.day.minusDays(g.between(3, 15));
        TextDoc d = new TextDoc();
        if (g.chance(0.85)) {
            d.letterhead(g, g.hospital(), s.service());
        }
        d.title(g, 0.65, "Lettre de liaison à la sortie", "Lettre de liaison", "Lettre de sortie", "Courrier de sortie d'hospitalisation",
                "Lettre de liaison de sortie", "Lettre de liaison à la sortie d'un établissement de soins", "LLS", "Courrier de fin d'hospitalisation",
                "Compte rendu d'hospitalisation");
        if (g.chance(0.6)) {
            d.header.add(g.pick("À l'attention du ", "Destinataire" + g.colon + " ", "") + g.doctor() + g.pick(", médecin traitant", "", " (médecin traitant)"));
        }
        d.header.add(g.patientLine());
        d.header.add(g.pick("Hospitalisation du " + g.date(in) + " au " + g.date(),
                "Séjour du " + g.date(in) + " au " + g.date(), "Date d'entrée" + g.colon + " " + g.date(in) + " - Date de sortie" + g.colon + " " + g.date(),
                "Sortie le " + g.date()));
        boolean letter = g.chance(0.6);
        String them = g.patient.female() ? "votre patiente" : "votre patient";
        if (letter) {
            d.para(salutation(g) + "\n\n" + g.pick("J'ai pris en charge ", "Nous avons hospitalisé ", "Je vous informe de la sortie de ") + them + " "
                    + g.patient.civility() + " " + g.patient.surname() + ", " + g.age(g.patient) + " ans, "
                    + g.pick("dans notre service du " + g.date(in) + " au " + g.date(), "du " + g.date(in) + " au " + g.date(), "hospitalisé" + (g.patient.female() ? "e" : "")
                    + " du " + g.date(in) + " au " + g.date()) + " pour " + s.motif() + ".");
        }
        d.section(g.variant("Motif d'hospitalisation", "Motif d'entrée", "Motif", "Motif de l'hospitalisation"), Gen.cap(s.motif()) + ".");
        d.section(g.variant("Antécédents", "ATCD", "Antécédents médicaux et chirurgicaux", "Terrain"), history(g)
                + (g.chance(0.5) ? "\nAllergies" + g.colon + " " + g.pick(Lexicon.ALLERGIES) : ""));
        if (g.chance(0.6)) {
            d.section(g.variant("Histoire de la maladie", "HDM", "Anamnèse"), s.history());
        }
        List<String> findings = new ArrayList<>(g.some(s.findings(), 2, 4));
        if (g.chance(0.2)) {
            findings.add(ReportTexts.imagingResult(g));
        }
        if (g.chance(0.15)) {
            findings.add(ReportTexts.pathologyResult(g));
        }
        d.section(g.variant("Examens complémentaires", "Résultats des examens", "Biologie et imagerie", "Principaux résultats"), g.list(findings));
        if (g.chance(0.35)) {
            d.section(g.variant("Biologie de sortie", "Bilan biologique", "Dernier bilan", "Biologie du " + g.date(g.day.minusDays(1))), ReportTexts.labLines(g, 3, 6));
        }
        d.section(g.variant("Évolution dans le service", "Évolution", "Au cours du séjour", "Évolution et prise en charge"), s.evolution());
        d.fixed(g.variant("Diagnostic retenu", "Diagnostic de sortie", "Conclusion", "Diagnostic principal"), Gen.cap(s.diagnosis()) + ".");
        List<String> drugs = new ArrayList<>(s.drugs());
        if (g.chance(0.5)) {
            drugs.addAll(randomDrugs(g, 1, 2));
        }
        d.fixed(g.variant("Traitement de sortie", "Traitement à la sortie", "TTT de sortie", "Ordonnance de sortie", "Traitement habituel modifié"),
                drugLines(g, drugs.stream().distinct().toList(), g.chance(0.7)));
        if (g.chance(0.5)) {
            d.fixed(g.pick("Modifications thérapeutiques", "Changements de traitement", "Médicaments arrêtés"), g.pick("Arrêt de l'ibuprofène.",
                    "Introduction " + Gen.de(s.drugs().get(0)) + ".", "Majoration des doses " + Gen.de(s.drugs().get(0)) + ".", "Pas de modification du traitement habituel."));
        }
        d.fixed(g.variant("Suites à donner", "Suivi", "Rendez-vous", "Consignes de sortie", "Plan de soins"), s.followUp());
        if (g.chance(0.5)) {
            d.fixed(g.pick("Mode de sortie", "Devenir", "Sortie"), g.pick("Retour à domicile", "Retour à domicile avec infirmière", "Transfert en SSR",
                    "Retour en EHPAD"));
        }
        if (g.chance(0.3)) {
            d.para(g.pick("Pas de portage de BMR.", "Patient informé du diagnostic et du traitement.", "Résultats en attente : anatomopathologie, à récupérer."));
        }
        if (letter) {
            d.closing.add(politeEnd(g));
        }
        d.closing.add(g.pick("", "Signé : ", "Le médecin du service, ") + g.author() + g.pick("", ", praticien hospitalier", ", chef de clinique", ""));
        return d.render(g);
    }

    // =================================================================== 18761-7 transfer note / admission letter

    static String transfer(Gen g) {
        Lexicon.Scenario s = g.variant(Lexicon.SCENARIOS);
        TextDoc d = new TextDoc();
        int kind = g.index(3);
        String them = g.patient.civility() + " " + g.patient.surname() + " " + g.patient.first();
        if (kind == 0) {
            // inter-establishment or inter-unit transfer note
            String from = g.chance(0.5) ? s.service() : g.pick("Service des urgences", "Unité de soins continus", "Réanimation polyvalente");
            String to = g.pick("Soins de suite et de réadaptation de " + g.hospital(), "Service de médecine polyvalente", "Unité de soins continus",
                    s.service() + " du " + g.hospital(), "Service de court séjour gériatrique");
            if (g.chance(0.85)) {
                d.letterhead(g, g.hospital(), from);
            }
            d.title(g, 0.7, "Note de transfert", "Fiche de transfert", "Lettre de liaison", "Transfert inter-établissement", "Fiche de liaison - transfert",
                    "Document de liaison pour transfert", "Note de mutation", "Fiche navette de transfert");
            d.header.add(g.patientLine());
            d.header.add(g.pick("Date du transfert", "Transfert le", "Date et heure de transfert") + g.colon + " " + g.date() + " " + g.time());
            d.fixed(g.pick("Service d'origine", "Provenance", "De"), from);
            d.fixed(g.pick("Service d'accueil", "Destination", "Vers", "Établissement de destination"), to);
            d.section(g.variant("Motif du transfert", "Motif de la mutation", "Raison du transfert", "Objet"), g.pick("Poursuite de la prise en charge " + Gen.de(s.diagnosis()),
                    "Rééducation après " + s.diagnosis(), "Surveillance rapprochée " + Gen.de(s.diagnosis()), "Avis et plateau technique pour " + s.diagnosis()) + ".");
            d.section(g.variant("Résumé de la prise en charge", "Résumé du séjour", "Histoire", "Prise en charge initiale"), s.history() + " " + s.evolution());
            d.section(g.variant("Antécédents", "ATCD", "Terrain"), history(g));
            if (g.chance(0.3)) {
                d.section(g.pick("Dernier bilan biologique", "Biologie", "Examens récents"), g.chance(0.5) ? ReportTexts.labLines(g, 2, 5) : ReportTexts.imagingResult(g));
            }
            d.section(g.variant("État au moment du transfert", "Dernières constantes", "État clinique au départ", "Paramètres vitaux"), g.vitals(true) + ". " + g.pick("Conscient, orienté.", "Patient calme, coopérant.",
                    "Désorientation temporo-spatiale fluctuante."));
            d.section(g.variant("Traitements en cours", "Traitement actuel", "TTT en cours", "Prescriptions en cours"), drugLines(g, s.drugs(), g.chance(0.5))
                    + (g.chance(0.5) ? "\nDernière administration" + g.colon + " " + g.time() : ""));
            if (g.chance(0.7)) {
                d.section(g.pick("Dispositifs", "Dispositifs invasifs", "Matériel"), g.list(g.some(List.of("Voie veineuse périphérique posée le "
                        + g.date(g.day.minusDays(2)), "Sonde urinaire à demeure", "Oxygénothérapie aux lunettes", "Pas de dispositif invasif",
                        "Pansement de cicatrice à surveiller"), 1, 3)));
            }
            if (g.chance(0.6)) {
                d.section(g.pick("Autonomie", "Dépendance", "Mobilité"), g.pick("Marche avec aide d'une personne.", "Autonome.", "Lever au fauteuil avec aide, GIR "
                        + g.between(2, 4) + ".", "Alité."));
            }
            if (g.chance(0.5)) {
                d.section(g.pick("Isolement", "Précautions"), g.pick("Pas de BMR connue.", "Précautions complémentaires contact : BLSE.", "Aucune."));
            }
            if (g.chance(0.5)) {
                d.section(g.pick("Personne à prévenir", "Personne de confiance", "Entourage"), g.pick("Fille", "Époux", "Fils", "Épouse") + " - " + g.phone());
            }
            d.closing.add(g.pick("Médecin responsable du transfert" + g.colon + " ", "Contact médical" + g.colon + " ", "") + g.doctor() + " - " + g.phone());
        } else if (kind == 1) {
            // admission letter from the general practitioner
            if (g.chance(0.75)) {
                d.letterhead(g, g.author() + g.pick(", médecine générale", ", médecin généraliste", ""), null);
            }
            d.title(g, 0.65, "Lettre de liaison à l'entrée", "Lettre d'adressage", "Courrier d'admission", "Lettre de liaison pour hospitalisation",
                    "Demande d'admission", "Lettre d'entrée en établissement");
            d.header.add(g.pick(g.city(), "Fait à " + g.city()) + ", le " + g.date());
            d.header.add(g.pick("À l'attention du médecin de garde", "Au service des urgences", "À l'attention du " + s.service().toLowerCase(java.util.Locale.FRENCH),
                    "Au médecin d'accueil"));
            d.header.add(g.patientLine());
            d.para(salutation(g) + "\n\n" + g.pick("Je vous adresse ", "Merci de bien vouloir recevoir ", "Je vous remercie de prendre en charge ")
                    + them + ", " + g.age(g.patient) + " ans, pour " + g.pick("hospitalisation devant ", "admission directe pour ", "avis et prise en charge de ")
                    + s.motif() + ".");
            d.section(g.variant("Histoire récente", "Motif de l'admission", "Situation actuelle", "Contexte"), s.history()
                    + g.pick(" Maintien à domicile impossible.", " Aggravation malgré le traitement ambulatoire.", ""));
            d.section(g.variant("Antécédents", "ATCD", "Antécédents principaux"), history(g));
            d.section(g.variant("Traitement actuel", "Traitement habituel", "TTT en cours"), drugLines(g, randomDrugs(g, 2, 5), g.chance(0.5)));
            d.section(g.pick("Allergies", "Allergie"), g.pick(Lexicon.ALLERGIES));
            if (g.chance(0.5)) {
                d.section(g.pick("Contexte social", "Mode de vie"), g.pick("Vit seul" + (g.patient.female() ? "e" : "") + " à domicile, aides à domicile 2 fois par jour.",
                        "Vit avec son conjoint.", "Réside en EHPAD.", "Autonome, conduit."));
            }
            if (g.chance(0.4)) {
                if (g.chance(0.5)) {
                    d.section("Directives anticipées", g.pick("Non rédigées.", "Rédigées, copie jointe."));
                } else {
                    d.section("Personne de confiance", g.pick("Sa fille", "Son fils", "Son épouse", "Son époux") + ", " + g.phone() + ".");
                }
            }
            d.closing.add(politeEnd(g));
            d.closing.add(g.author());
        } else {
            // EHPAD emergency liaison file
            if (g.chance(0.85)) {
                d.letterhead(g, g.pick("EHPAD Les Jardins Fictifs", "EHPAD Résidence Maquette", "Résidence autonomie Exemple"), null);
            }
            d.title(g, 0.7, "Dossier de liaison d'urgence", "DLU - Fiche de liaison", "Fiche de liaison EHPAD - hôpital", "Lettre de liaison à l'entrée",
                    "Document de liaison d'urgence");
            d.header.add(g.patientLine());
            d.header.add("Date" + g.colon + " " + g.date() + " " + g.time());
            d.section(g.variant("Motif du transfert", "Motif d'adressage", "Raison de l'envoi"), Gen.cap(s.motif()) + ".");
            d.section(g.variant("Médecin traitant", "Médecin coordonnateur"), g.doctor() + " - " + g.phone());
            d.section(g.variant("Antécédents", "Pathologies"), history(g));
            d.section(g.variant("Traitements en cours", "Traitement", "Plan de traitement"), drugLines(g, randomDrugs(g, 3, 6), false));
            d.section(g.pick("Allergies", "Allergies connues"), g.pick(Lexicon.ALLERGIES));
            d.section(g.pick("Autonomie", "Niveau de dépendance"), "GIR " + g.between(1, 4) + ". " + g.pick("Déambulateur.", "Fauteuil roulant.",
                    "Marche seul.", "Alimentation mixée."));
            d.section(g.pick("Troubles cognitifs", "Comportement"), g.pick("Troubles cognitifs modérés, désorientation.", "Aucun.", "Syndrome démentiel évolué."));
            d.section(g.pick("Personne de confiance", "Famille à prévenir"), g.pick("Fils", "Fille", "Neveu") + " - " + g.phone());
            d.section(g.pick("Directives anticipées", "Limitation thérapeutique"), g.pick("Non rédigées.", "Pas de réanimation en cas d'arrêt.", "Rédigées, jointes."));
            d.closing.add("Rempli par " + g.pick("l'infirmière", "l'IDEC", "le médecin coordonnateur") + g.colon + " " + g.pick(Lexicon.SURNAMES));
        }
        return d.render(g);
    }

    // =================================================================== 34133-9 episode synthesis

    static String episodeSynthesis(Gen g) {
        Lexicon.Scenario s = g.variant(Lexicon.SCENARIOS);
        LocalDate start = g.day.minusDays(g.between(4, 40));
        TextDoc d = new TextDoc();
        if (g.chance(0.8)) {
            d.letterhead(g, g.hospital(), g.chance(0.6) ? s.service() : null);
        }
        d.title(g, 0.7, "Synthèse d'épisode de soins", "Synthèse de séjour", "Synthèse de l'épisode de soins", "Résumé d'épisode de soins",
                "Synthèse médicale de l'épisode", "Fiche de synthèse d'épisode", "Synthèse de prise en charge", "Résumé de séjour");
        d.header.add(g.patientLine());
        d.fixed(g.variant("Épisode", "Période", "Épisode de soins", "Dates"), g.pick("Hospitalisation complète", "Hospitalisation de jour", "Séjour",
                "Prise en charge en HAD", "Séjour en SSR") + " du " + g.date(start) + " au " + g.date()
                + (g.chance(0.5) ? " - " + s.service() : ""));
        boolean coded = g.chance(0.7);
        d.section(g.variant("Diagnostic principal", "Problème principal", "Motif principal de prise en charge", "DP"), Gen.cap(s.diagnosis())
                + (coded ? " (CIM-10 " + s.cim10() + ")" : ""));
        if (g.chance(0.7)) {
            List<String> assoc = g.some(Lexicon.HISTORY, 1, 3);
            d.section(g.variant("Diagnostics associés", "Comorbidités", "Problèmes associés", "DAS"), g.list(assoc));
        }
        if (g.chance(0.6)) {
            d.section(g.variant("Actes réalisés", "Actes principaux", "Procédures"), g.list(g.some(List.of("Échocardiographie transthoracique",
                    "Scanner thoracique", "Endoscopie digestive haute", "Pose de voie veineuse centrale", "Transfusion de concentrés globulaires",
                    "Séances de kinésithérapie", "Bilan gériatrique standardisé", "Éducation thérapeutique"), 1, 3)));
        }
        d.section(g.variant("Résumé de l'épisode", "Synthèse", "Résumé médical", "Déroulement"), s.history() + " " + s.evolution()
                + (g.chance(0.6) ? " Éléments marquants" + g.colon + " " + Gen.enumerate(g.some(s.findings(), 1, 2)) + "." : ""));
        if (g.chance(0.6)) {
            d.section(g.variant("Problèmes actifs en fin d'épisode", "Problèmes en cours", "Points de vigilance"), g.list(g.some(List.of(
                    "Fonction rénale à surveiller", "Risque de chute", "Équilibre glycémique", "Dénutrition modérée (albumine 31 g/L)",
                    "Adhésion au traitement à renforcer", "Douleur résiduelle contrôlée"), 1, 3)));
        }
        if (g.chance(0.25)) {
            d.section(g.pick("Derniers résultats biologiques", "Biologie", "Résultats marquants"), ReportTexts.labLines(g, 2, 5));
        }
        d.section(g.variant("Traitements en fin d'épisode", "Traitement à la fin de l'épisode", "Traitements", "Médicaments"), drugLines(g, s.drugs(), g.chance(0.4)));
        d.section(g.pick("Allergies et intolérances", "Allergies", "Risques"), g.pick(Lexicon.ALLERGIES));
        d.fixed(g.variant("Suivi recommandé", "Plan de suivi", "Recommandations", "Suite de la prise en charge"), s.followUp());
        if (g.chance(0.4)) {
            d.para(g.pick("Synthèse destinée au médecin traitant et au DMP.", "Synthèse établie en fin d'épisode à partir du dossier de soins.",
                    "Document de synthèse, ne remplace pas le compte rendu détaillé."));
        }
        d.closing.add(g.pick("Rédigé par ", "Médecin responsable" + g.colon + " ", "") + g.doctor() + g.pick("", " le " + g.date()));
        return d.render(g);
    }

    // =================================================================== 11488-4 consultation

    /** A specialty: its usual examination lines, and cases (motif, finding, conclusion, plan) that belong together. */
    record Specialty(String name, List<String> exams, List<String[]> cases) {
    }

    static final List<Specialty> SPECIALTIES = List.of(
            new Specialty("médecine générale", List.of("Auscultation cardio-pulmonaire normale.", "Abdomen souple et indolore.", "TA 128/76 mmHg."),
                    List.<String[]>of(new String[] {"renouvellement de traitement", "Examen clinique sans particularité.", "État stable.",
                                    "Renouvellement du traitement pour 3 mois."},
                            new String[] {"fièvre et mal de gorge", "Température 38,4 °C, pharynx érythémateux sans dépôt.",
                                    "Angine virale probable, TROD négatif.", "Traitement symptomatique."},
                            new String[] {"fatigue", "Conjonctives normalement colorées.", "Asthénie sans signe de gravité.", "Bilan biologique prescrit."})),
            new Specialty("cardiologie", List.of("Auscultation cardiaque : bruits du cœur réguliers.", "Pas de signe d'insuffisance cardiaque.",
                    "Pouls périphériques perçus."),
                    List.<String[]>of(new String[] {"suivi d'une hypertension artérielle", "Automesure tensionnelle moyenne à 152/94 mmHg.",
                                    "Hypertension artérielle insuffisamment contrôlée.", "Majoration du traitement antihypertenseur, nouvelle automesure dans 1 mois."},
                            new String[] {"palpitations", "ECG : rythme sinusal, extrasystoles ventriculaires isolées.",
                                    "Palpitations sur extrasystolie bénigne probable.", "Holter ECG et échocardiographie à programmer."},
                            new String[] {"douleur thoracique d'effort", "ECG de repos sans trouble de la repolarisation.",
                                    "Angor stable probable.", "Épreuve d'effort demandée, acide acétylsalicylique en attendant."})),
            new Specialty("rhumatologie", List.of("Mobilité des hanches conservée.", "Pas de déformation articulaire.", "Marche sans boiterie."),
                    List.<String[]>of(new String[] {"douleurs des deux genoux", "Genoux secs, craquements fémoro-patellaires.", "Gonarthrose bilatérale.",
                                    "Kinésithérapie, perte de poids, infiltration à discuter."},
                            new String[] {"lombalgies chroniques", "Indice de Schober à 4 cm, pas de signe radiculaire.", "Lombalgie commune chronique.",
                                    "Kinésithérapie et reprise d'une activité physique adaptée."},
                            new String[] {"douleurs articulaires des mains", "Synovites des MCP 2 et 3 droites.", "Polyarthrite débutante à explorer.",
                                    "Bilan biologique avec facteur rhumatoïde et anti-CCP, radiographies des mains et des pieds."})),
            new Specialty("neurologie", List.of("Pas de déficit sensitivomoteur.", "Réflexes ostéotendineux présents et symétriques.", "Paires crâniennes normales."),
                    List.<String[]>of(new String[] {"céphalées récurrentes", "Examen neurologique normal, fond d'œil normal.", "Migraine sans aura.",
                                    "Traitement de crise et agenda des céphalées."},
                            new String[] {"tremblement de la main droite", "Tremblement de repos de la main droite, rigidité discrète.",
                                    "Syndrome parkinsonien droit.", "IRM cérébrale et essai de traitement dopaminergique."},
                            new String[] {"troubles de la mémoire", "MMSE à 26/30.", "Troubles cognitifs légers.", "Bilan neuropsychologique demandé."})),
            new Specialty("endocrinologie", List.of("TA 138/84 mmHg.", "Examen des pieds : sensibilité conservée.", "Pas d'œdème."),
                    List.<String[]>of(new String[] {"suivi d'un diabète de type 2", "Poids stable, HbA1c récente à 8,4 %.", "Diabète de type 2 déséquilibré.",
                                    "Intensification du traitement antidiabétique, consultation diététique."},
                            new String[] {"nodule thyroïdien", "Nodule lobaire droit de 1,5 cm, mobile, indolore.", "Nodule thyroïdien à surveiller.",
                                    "Échographie thyroïdienne de contrôle dans 1 an."},
                            new String[] {"prise de poids", "Poids 86 kg, IMC 31.", "Obésité de grade 1.", "Consultation diététique et activité physique adaptée."})),
            new Specialty("dermatologie", List.of("Phototype III.", "Pas d'adénopathie palpable.", "Dermatoscopie réalisée."),
                    List.<String[]>of(new String[] {"lésion pigmentée du dos", "Lésion pigmentée de 6 mm, asymétrique, polychrome.",
                                    "Lésion atypique justifiant une exérèse.", "Exérèse programmée sous anesthésie locale."},
                            new String[] {"eczéma des mains", "Plaques érythémato-squameuses des paumes.", "Eczéma de contact probable.",
                                    "Tests épicutanés à programmer, dermocorticoïde."},
                            new String[] {"dépistage annuel", "Nombreux naevus réguliers.", "Examen cutané sans lésion suspecte.", "Contrôle dans 1 an."})),
            new Specialty("pneumologie", List.of("Murmure vésiculaire symétrique.", "SpO2 96 % en air ambiant.", "Pas d'hippocratisme digital."),
                    List.<String[]>of(new String[] {"toux chronique", "Auscultation pulmonaire normale.", "Toux chronique sur reflux probable.",
                                    "Traitement d'épreuve par inhibiteur de la pompe à protons."},
                            new String[] {"suivi de BPCO", "Quelques sibilants expiratoires.", "BPCO stable.", "EFR de contrôle, sevrage tabagique proposé."},
                            new String[] {"ronflements et somnolence", "Score d'Epworth à 14, tour de cou 43 cm.",
                                    "Suspicion de syndrome d'apnées du sommeil.", "Polygraphie ventilatoire à programmer."})));

    static String consultation(Gen g) {
        Specialty sp = g.variant(SPECIALTIES);
        TextDoc d = new TextDoc();
        if (g.chance(0.8)) {
            d.letterhead(g, g.chance(0.6) ? g.hospital() : "Cabinet médical " + g.pick("Exemple", "du Centre Fictif", "des Essais"),
                    g.chance(0.6) ? "Consultation " + Gen.de(sp.name()) : null);
        }
        d.title(g, 0.65, "Compte rendu de consultation", "Consultation " + Gen.de(sp.name()), "CR de consultation", "Fiche de consultation",
                "Consultation du " + g.date(), "Compte-rendu de consultation externe", "Compte rendu de visite", "Consultation de suivi");
        boolean letter = g.chance(0.5);
        if (letter && g.chance(0.7)) {
            d.header.add(g.pick("À l'attention du ", "") + g.doctor());
        }
        d.header.add(g.patientLine());
        if (g.chance(0.6)) {
            d.header.add(g.pick("Vu en consultation le ", "Date de consultation" + g.colon + " ", "Consultation du ") + g.date());
        }
        String[] cas = g.pick(sp.cases());
        String motif = cas[0];
        if (letter) {
            d.para(salutation(g) + "\n\n" + g.pick("J'ai vu en consultation ce jour ", "J'ai revu ", "Je vois ce jour ", "J'ai reçu ")
                    + (g.patient.female() ? "votre patiente Mme " : "votre patient M. ") + g.patient.surname() + ", " + g.age(g.patient) + " ans, pour " + motif + ".");
        } else {
            d.section(g.variant("Motif de consultation", "Motif", "Motif de la consultation", "Raison de la visite"), Gen.cap(motif) + ".");
        }
        d.section(g.variant("Antécédents", "ATCD", "Antécédents personnels", "Terrain"), history(g));
        if (g.chance(0.6)) {
            d.section(g.variant("Traitement en cours", "Traitement habituel", "TTT", "Traitements"), drugLines(g, randomDrugs(g, 1, 4), false));
        }
        if (g.chance(0.6)) {
            d.section(g.variant("Histoire de la maladie", "Interrogatoire", "Anamnèse", "Plaintes"), g.pick("Symptômes évoluant depuis ", "Gêne apparue il y a ",
                    "Plainte présente depuis ") + g.between(2, 20) + g.pick(" jours", " semaines", " mois") + ". " + g.pick("Pas de fièvre.",
                    "Retentissement sur le sommeil.", "Pas de perte de poids.", "Aggravation progressive."));
        }
        d.section(g.variant("Examen clinique", "Examen", "À l'examen", "Examen physique"), (g.chance(0.6) ? "Poids " + g.between(50, 110) + " kg, " + g.vitals(g.chance(0.3)) + ". " : "")
                + String.join(" ", g.shuffled(List.of(cas[1], g.pick(sp.exams()), g.pick(sp.exams())), 2, 3).stream().distinct().toList()));
        if (g.chance(0.4)) {
            d.section(g.variant("Examens complémentaires", "Résultats", "Biologie récente", "Examens apportés"), g.pick(ReportTexts.labLines(g, 2, 4),
                    ReportTexts.imagingResult(g), ReportTexts.imagingResult(g), "Biologie du " + g.date(g.day.minusDays(g.between(5, 40)))
                    + g.colon + " HbA1c " + g.num(g.between(55, 95) / 10.0, 1) + " %, créatinine " + g.between(60, 120) + " µmol/L, LDL "
                    + g.num(g.between(15, 45) / 10.0, 1) + " g/L.", "Radiographies apportées par le patient : pas d'anomalie osseuse.",
                    "ECG réalisé ce jour : rythme sinusal.", "Pas d'examen récent."));
        }
        d.fixed(g.variant("Conclusion", "Synthèse", "Diagnostic", "Au total", "Impression"), cas[2]);
        List<String> plan = new ArrayList<>();
        plan.add(cas[3]);
        if (g.chance(0.6)) {
            Lexicon.Drug drug = g.pick(Lexicon.DRUGS);
            plan.add(g.pick("Je lui ai prescrit " + drug.inn(), "Ordonnance remise pour " + drug.inn(), "Introduction " + Gen.de(drug.inn()),
                    "Prescription " + Gen.de(drug.inn())) + " " + drug.strength()
                    + g.pick(", " + drug.posology() + ".", "."));
        }
        if (g.chance(0.1)) {
            plan.add(g.pick("Rappel dTP réalisé ce jour.", "Vaccination antigrippale réalisée ce jour.", "Certificat de non contre-indication au sport remis.",
                    "Arrêt de travail de 3 jours.", "Bilan biologique prescrit : NFS, CRP, ionogramme."));
        }
        if (g.chance(0.2)) {
            d.section(g.pick("Ordonnance", "Prescriptions", "Traitement prescrit"), drugLines(g, randomDrugs(g, 1, 3), true));
        }
        plan.add(g.pick("À revoir dans ", "Prochaine consultation dans ", "Nouveau rendez-vous dans ") + g.pick("1 mois", "3 mois", "6 mois", "1 an") + ".");
        d.fixed(g.variant("Conduite à tenir", "CAT", "Plan", "Proposition", "Prise en charge"), g.list(plan));
        if (letter) {
            d.closing.add(politeEnd(g));
        }
        d.closing.add(g.author() + g.pick("", ", " + sp.name(), " - consultation " + Gen.de(sp.name())));
        return d.render(g);
    }

    // =================================================================== 34749-2 pre-anesthesia consultation

    static String preAnesthesia(Gen g) {
        ReportTexts.Operation op = g.variant(ReportTexts.OPERATIONS);
        g.requireSex(op.name());
        TextDoc d = new TextDoc();
        if (g.chance(0.85)) {
            d.letterhead(g, g.hospital(), g.pick("Consultation d'anesthésie", "Département d'anesthésie-réanimation", "Service d'anesthésie"));
        }
        d.title(g, 0.7, "Consultation pré-anesthésique", "Consultation d'anesthésie", "Compte rendu de consultation pré-anesthésique", "CPA",
                "Fiche de consultation d'anesthésie", "Évaluation anesthésique préopératoire", "Consultation préanesthésique (CPA)");
        d.header.add(g.patientLine());
        d.header.add(g.pick("Date de consultation", "Consultation du", "Vu le") + g.colon + " " + g.date());
        d.header.add(g.pick("Médecin anesthésiste", "Anesthésiste", "Consultant") + g.colon + " " + g.author());
        if (g.chance(0.2)) {
            d.para(salutation(g) + "\n\n" + g.pick("J'ai vu en consultation d'anesthésie ", "J'ai reçu ce jour en consultation ") + g.patient.civility() + " "
                    + g.patient.surname() + ", " + g.age(g.patient) + " ans, en vue de l'intervention suivante.");
        }
        d.fixed(g.variant("Intervention prévue", "Chirurgie prévue", "Acte programmé", "Geste envisagé"), op.name() + g.pick(" le " + g.date(g.day.plusDays(g.between(3, 30))), "")
                + g.pick(" (" + g.doctor() + ")", ""));
        d.section(g.variant("Antécédents médicaux", "Antécédents", "ATCD médicaux", "Terrain"), history(g));
        if (g.chance(0.7)) {
            d.section(g.variant("Antécédents anesthésiques", "ATCD anesthésiques", "Anesthésies antérieures"), g.pick("Anesthésie générale en "
                    + g.between(1980, 2020) + " sans particularité.", "Nausées et vomissements postopératoires.", "Aucune anesthésie antérieure.",
                    "Rachianesthésie bien tolérée."));
        }
        d.section(g.pick("Allergies", "Allergie"), g.pick(Lexicon.ALLERGIES));
        d.section(g.variant("Traitement habituel", "Traitement en cours", "TTT personnel"), drugLines(g, randomDrugs(g, 0, 4), false).replaceAll("^$", "Aucun."));
        int weight = g.between(48, 115);
        int height = g.between(152, 192);
        d.section(g.variant("Examen clinique", "Examen", "Examen physique"), "Poids " + weight + " kg, taille " + height + " cm, IMC "
                + g.num(weight / Math.pow(height / 100.0, 2), 1) + " kg/m². " + g.vitals(false) + ". "
                + g.pick("Auscultation cardiopulmonaire normale.", "Souffle systolique aortique 2/6.", "Pas de signe d'insuffisance cardiaque."));
        d.section(g.variant("Évaluation des voies aériennes", "Critères d'intubation", "Voies aériennes", "Intubation"), "Mallampati " + g.between(1, 3)
                + ", ouverture de bouche " + g.pick("> 3 cm", "> 35 mm", "normale") + ", distance thyromentonnière " + g.pick("> 6 cm", "> 65 mm")
                + ", " + g.pick("mobilité cervicale normale", "pas de limitation cervicale") + ". " + g.pick("Dentition saine.", "Prothèse dentaire amovible.",
                "Dents fragiles.") + " " + g.pick("Pas de critère d'intubation difficile.", "Ventilation au masque prévisible facile."));
        d.fixed(g.pick("Score ASA", "Classe ASA", "ASA"), "ASA " + g.between(1, 3));
        if (g.chance(0.7)) {
            d.section(g.variant("Bilan préopératoire", "Examens demandés", "Examens complémentaires"), g.pick("Pas de bilan biologique nécessaire.",
                    "NFS, plaquettes, ionogramme, créatinine, TP/TCA, groupe sanguin et RAI.", "ECG de moins d'un an : normal.",
                    "Bilan biologique du " + g.date(g.day.minusDays(g.between(3, 20))) + " : hémoglobine 13,4 g/dL, plaquettes 245 G/L, créatinine 78 µmol/L.",
                    ReportTexts.labLines(g, 3, 5)));
        }
        d.fixed(g.variant("Gestion des traitements", "Consignes médicamenteuses", "Traitements en périopératoire"), g.list(g.some(List.of(
                "Arrêt de l'apixaban 48 heures avant l'intervention", "Poursuite du bêtabloquant y compris le matin de l'intervention",
                "Pas de metformine le matin de l'intervention", "Arrêt de l'acide acétylsalicylique non nécessaire",
                "Arrêt des IEC la veille", "Douche antiseptique la veille et le matin"), 1, 3)));
        d.fixed(g.variant("Technique anesthésique proposée", "Technique envisagée", "Proposition anesthésique", "Type d'anesthésie"), op.anesthesia()
                + g.pick(".", ", ALR complémentaire à discuter.", ", antalgie multimodale postopératoire."));
        d.fixed(g.pick("Jeûne préopératoire", "Jeûne", "Consignes de jeûne"), "Solides jusqu'à 6 heures avant, liquides clairs jusqu'à 2 heures avant l'intervention.");
        d.para(g.pick("Information délivrée au patient sur la technique et les risques, consentement recueilli.",
                "Le patient a reçu une information orale et écrite. Visite pré-anesthésique prévue la veille ou le matin de l'intervention.",
                "Information donnée, questions répondues. Document d'information remis."));
        d.closing.add(g.pick("", "Signé : ", "Le médecin anesthésiste, ") + g.author());
        return d.render(g);
    }

    // =================================================================== 15507-7 emergency report

    record Emergency(String motif, String exam, String workup, String diagnosis, String treatment, String outcome, int triage) {
    }

    static final List<Emergency> EMERGENCIES = List.of(
            new Emergency("douleur thoracique", "Douleur rétrosternale non irradiante, reproductible à la palpation. Auscultation normale.",
                    "ECG : rythme sinusal, pas de sus-décalage ST. Troponine H0 et H1 négatives. Radiographie thoracique normale.",
                    "Douleur thoracique pariétale", "Paracétamol 1 g per os", "Retour à domicile", 2),
            new Emergency("traumatisme de la cheville droite", "Œdème et douleur sous-malléolaire externe, appui possible, critères d'Ottawa négatifs.",
                    "Pas de radiographie (critères d'Ottawa négatifs).", "Entorse bénigne de la cheville droite",
                    "Glace, strapping, paracétamol", "Retour à domicile, béquilles, consultation si persistance", 4),
            new Emergency("plaie de la main gauche", "Plaie de 3 cm de la face palmaire, pas d'atteinte tendineuse ni nerveuse.",
                    "Pas d'examen complémentaire.", "Plaie simple de la main gauche", "Parage et suture par 4 points, vaccin antitétanique (dTP) réalisé",
                    "Retour à domicile, ablation des fils à J10", 4),
            new Emergency("douleur lombaire gauche brutale", "Douleur lombaire intense, agitation, fosse lombaire sensible, apyrétique.",
                    "Bandelette urinaire : hématurie. Créatinine normale. Scanner abdomino-pelvien sans injection : calcul urétéral gauche de 4 mm.",
                    "Colique néphrétique gauche non compliquée", "Kétoprofène 100 mg IV, morphine en titration", "Retour à domicile, filtrer les urines", 3),
            new Emergency("chute à domicile", "Patiente âgée retrouvée au sol, pas de perte de connaissance, hématome frontal.",
                    "Scanner cérébral : pas de saignement. Radiographie du bassin : pas de fracture. CPK normales.",
                    "Chute mécanique sans lésion traumatique grave", "Paracétamol", "Hospitalisation en court séjour gériatrique", 3),
            new Emergency("malaise au travail", "Prodromes à type de sueurs et vision floue, perte de connaissance brève, examen normal.",
                    "ECG normal. Glycémie capillaire 5,4 mmol/L. Hypotension orthostatique absente.", "Malaise vagal typique",
                    "Aucun", "Retour à domicile", 3),
            new Emergency("crise d'asthme", "Dyspnée sifflante, DEP à 180 L/min, SpO2 93 %.",
                    "Gaz du sang : pas d'hypercapnie. Radiographie thoracique : distension.", "Exacerbation d'asthme modérée",
                    "Aérosols de salbutamol et ipratropium, prednisolone 40 mg per os", "Retour à domicile après amélioration, DEP 350 L/min", 2),
            new Emergency("douleur abdominale de la fosse iliaque droite", "Défense en fosse iliaque droite, température 38,3 °C.",
                    "Leucocytes 14,8 G/L, CRP 62 mg/L. Échographie : appendice de 9 mm non compressible.", "Appendicite aiguë",
                    "Paracétamol IV, mise à jeun", "Hospitalisation en chirurgie digestive pour appendicectomie", 3),
            new Emergency("fièvre chez un enfant", "Fièvre à 39,5 °C depuis 24 heures, tympan droit bombé et congestif, pas de raideur de nuque.",
                    "Pas d'examen complémentaire.", "Otite moyenne aiguë droite", "Paracétamol 15 mg/kg", "Retour à domicile, antibiothérapie par amoxicilline", 4));

    static String emergency(Gen g) {
        Emergency e = g.variant(EMERGENCIES);
        if (e.motif().contains("enfant")) {
            g.patient = g.child();
        }
        TextDoc d = new TextDoc();
        if (g.chance(0.85)) {
            d.letterhead(g, g.hospital(), e.motif().contains("enfant") ? g.pick("Urgences pédiatriques", "Service des urgences")
                    : g.pick("Service des urgences", "Urgences adultes", "Pôle urgences - SAU", "Structure des urgences"));
        }
        d.title(g, 0.7, "Compte rendu de passage aux urgences", "Passage aux urgences", "Dossier des urgences - synthèse", "CR urgences",
                "Résumé de passage aux urgences", "Observation médicale urgences", "Compte rendu SAU", "Fiche de sortie des urgences");
        d.header.add(g.patientLine());
        d.header.add(g.pick("Arrivée le ", "Date d'arrivée" + g.colon + " ", "Admis le ", "Entrée" + g.colon + " ") + g.date() + " à " + g.time());
        if (g.chance(0.6)) {
            d.header.add(g.pick("Mode d'arrivée", "Arrivée") + g.colon + " " + g.pick("moyens personnels", "pompiers", "ambulance privée", "SAMU - SMUR"));
        }
        d.section(g.variant("Motif de recours", "Motif de consultation", "Motif", "Motif d'admission"), Gen.cap(e.motif()) + ".");
        if (g.chance(0.7)) {
            d.section(g.variant("Tri IOA", "Triage", "Évaluation IOA", "Priorité"), g.pick("Tri " + e.triage(), "Niveau " + e.triage() + " (FRENCH)",
                    "CIMU " + e.triage()) + (g.chance(0.5) ? ", EVA " + g.between(0, 9) + "/10" : ""));
        }
        d.section(g.variant("Constantes à l'arrivée", "Paramètres vitaux", "Constantes", "Signes vitaux"), g.vitals(true) + (g.chance(0.4) ? ", glycémie capillaire " + g.num(g.between(45, 110) / 10.0, 1) + " mmol/L" : ""));
        if (g.chance(0.5)) {
            d.section(g.variant("Antécédents", "ATCD"), history(g));
        }
        d.section(g.variant("Examen clinique", "Examen", "Clinique", "À l'examen"), e.exam());
        d.section(g.variant("Examens complémentaires", "Paraclinique", "Bilan réalisé", "Examens"), e.workup()
                + (g.chance(0.3) ? "\n" + ReportTexts.labLines(g, 2, 5) : "") + (g.chance(0.15) ? "\n" + ReportTexts.imagingResult(g) : ""));
        d.fixed(g.variant("Diagnostic", "Diagnostic retenu", "Conclusion", "Hypothèse diagnostique"), e.diagnosis() + ".");
        d.fixed(g.variant("Traitements administrés aux urgences", "Traitement reçu", "Thérapeutique", "Soins réalisés"), e.treatment() + ".");
        d.fixed(g.variant("Orientation", "Devenir", "Sortie", "Décision"), e.outcome() + "." + (g.chance(0.5) ? " Sortie à " + g.time() + "." : ""));
        if (g.chance(0.6)) {
            d.fixed(g.variant("Consignes", "Conseils de surveillance", "Consignes de sortie"), g.pick("Reconsulter en cas de fièvre, de douleur non soulagée ou d'aggravation.",
                    "Consulter le médecin traitant sous 48 heures.", "Retour aux urgences si signes de gravité.") + (g.chance(0.5) ? " Ordonnance remise." : ""));
        }
        if (g.chance(0.25)) {
            d.fixed(g.pick("Ordonnance de sortie", "Traitement de sortie", "Prescriptions"), drugLines(g, randomDrugs(g, 1, 2), true));
        }
        d.closing.add(g.pick("Médecin urgentiste" + g.colon + " ", "", "Signé par ", "Senior" + g.colon + " ") + g.doctor());
        return d.render(g);
    }

    // =================================================================== 89601-9 medical certificate

    static String certificate(Gen g) {
        TextDoc d = new TextDoc();
        if (g.chance(0.75)) {
            d.letterhead(g, g.author() + g.pick(", médecin généraliste", "", " - médecine du sport", ", pédiatre"), null);
            if (g.chance(0.4)) {
                d.letterhead.add(g.rpps());
            }
        }
        int kind = g.variantIndex(8);
        Gen.Person p = kind == 1 || kind == 4 || kind == 7 ? g.child() : kind == 6 && !g.patient.female() ? g.person(true, g.patient.birth()) : g.patient;
        String name = p.civility() + " " + p.surname() + " " + p.first();
        String childName = p.surname() + " " + p.first();
        String soussigne = g.pick("Je soussigné(e), ", "Je soussigné ", "Je, soussigné, ") + g.author() + ", " + g.pick("certifie avoir examiné ce jour ",
                "certifie avoir examiné le " + g.date() + " ", "atteste avoir examiné ce jour ");
        String body;
        String title;
        switch (kind) {
            case 0 -> {
                title = g.variant("Certificat médical", "Certificat médical de non contre-indication", "Certificat d'absence de contre-indication à la pratique sportive",
                        "Certificat de non contre-indication au sport");
                body = soussigne + name + ", " + p.nee() + " le " + g.date(p.birth()) + ", et n'avoir constaté à ce jour aucun signe clinique apparent "
                        + "contre-indiquant la pratique " + g.pick("du football", "de la natation", "de la course à pied", "du judo", "du tennis", "des sports")
                        + g.pick(" en compétition.", " en loisir et en compétition.", ".");
            }
            case 1 -> {
                title = g.variant("Certificat médical", "Certificat pour la collectivité", "Certificat de non-contagion", "Certificat médical - crèche");
                body = soussigne + "l'enfant " + childName + ", " + p.nee() + " le " + g.date(p.birth()) + ", et certifie " + g.pick(
                        (p.female() ? "qu'elle" : "qu'il") + " ne présente pas de maladie contagieuse et peut être " + (p.female() ? "admise" : "admis") + " en collectivité.",
                        "que son état de santé lui permet de reprendre l'école à compter du " + g.date(g.day.plusDays(1)) + ".",
                        (p.female() ? "qu'elle" : "qu'il") + " ne présente pas de signe de maladie contagieuse à ce jour.");
            }
            case 2 -> {
                title = g.variant("Certificat médical initial", "Certificat de constatation de coups et blessures", "Certificat médical descriptif",
                        "Certificat de constatations");
                body = soussigne + name + ", qui déclare avoir été victime " + g.pick("d'une agression", "de violences", "d'une chute sur la voie publique")
                        + " le " + g.date(g.day.minusDays(1)) + ". À l'examen" + g.colon + " " + g.pick("hématome de 4 cm de la pommette gauche",
                        "dermabrasion de l'avant-bras droit", "plaie du cuir chevelu de 2 cm suturée", "douleur à la palpation du gril costal gauche")
                        + ". Ces lésions entraînent une incapacité totale de travail (ITT) de " + g.between(1, 10) + " jours, sous réserve de complications.";
            }
            case 3 -> {
                title = g.variant("Certificat médical", "Certificat d'aptitude", "Certificat médical d'aptitude", "Attestation médicale d'aptitude");
                body = soussigne + name + " et " + g.pick("n'avoir pas relevé de contre-indication à l'exercice de la profession d'assistante maternelle.",
                        (p.female() ? "la" : "le") + " déclare apte à la conduite de véhicules légers, sous réserve du port de sa correction optique.",
                        (p.female() ? "la" : "le") + " déclare apte à participer à un séjour en centre de vacances.", "n'avoir constaté aucune contre-indication à la plongée sous-marine.");
            }
            case 4 -> {
                title = g.variant("Certificat médical", "Certificat de vaccination", "Attestation de vaccinations à jour", "Certificat de vaccinations obligatoires");
                body = soussigne + "l'enfant " + childName + ", " + p.nee() + " le " + g.date(p.birth()) + ", est à jour des vaccinations obligatoires "
                        + "pour son âge (diphtérie, tétanos, poliomyélite, coqueluche, Haemophilus influenzae b, hépatite B, pneumocoque, méningocoque C, "
                        + "rougeole, oreillons, rubéole), au vu de son carnet de santé.";
            }
            case 5 -> {
                title = g.variant("Certificat médical", "Certificat d'arrêt de sport", "Certificat de dispense", "Certificat d'inaptitude temporaire");
                body = soussigne + name + " et certifie que son état de santé " + g.pick("contre-indique temporairement la pratique sportive",
                        "nécessite une dispense d'éducation physique et sportive", "ne lui permet pas de pratiquer la natation") + " pour une durée de "
                        + g.between(1, 8) + g.pick(" semaines", " jours") + " à compter de ce jour.";
            }
            case 6 -> {
                title = g.variant("Certificat médical", "Certificat médical de grossesse", "Certificat de constatation de grossesse", "Déclaration de grossesse - certificat");
                body = soussigne + name + " et certifie qu'elle présente une grossesse de " + g.between(8, 14) + " semaines d'aménorrhée, "
                        + "terme prévu le " + g.date(g.day.plusDays(g.between(180, 220))) + ".";
            }
            default -> {
                title = g.variant("Certificat médical", "Certificat médical pour la cantine", "Certificat d'allergie alimentaire", "Certificat pour PAI");
                body = soussigne + "l'enfant " + childName + " et certifie " + (p.female() ? "qu'elle" : "qu'il") + " présente une allergie " + g.pick("à l'arachide", "aux protéines de lait de vache",
                        "à l'œuf", "aux fruits à coque") + " nécessitant la mise en place d'un projet d'accueil individualisé (PAI) et un régime d'éviction "
                        + "à la restauration scolaire.";
            }
        }
        d.title = g.chance(0.7) ? title : null;
        if (g.chance(0.2)) {
            body += " " + g.pick("Examen clinique normal.", "TA " + g.between(100, 140) + "/" + g.between(60, 90) + " mmHg, auscultation cardiaque normale.",
                    "ECG de repos normal.", "Poids " + g.between(20, 90) + " kg.");
        }
        d.para(body);
        d.para(g.variant("Certificat établi à la demande de l'intéressé(e) et remis en main propre pour servir et valoir ce que de droit.",
                "Certificat remis en main propre à l'intéressé.", "Fait pour servir et valoir ce que de droit.",
                "Certificat établi à la demande des parents et remis en main propre.", "Pour faire valoir ce que de droit."));
        d.closing.add(g.pick("Fait à " + g.city() + ", le " + g.date(), "Le " + g.date(), g.city() + ", le " + g.date()));
        d.closing.add(g.pick("Signature et cachet du médecin", "Cachet", g.author()));
        return d.render(g);
    }

    // =================================================================== 87273-9 vaccination note

    record Vaccine(String name, String target, String dose, boolean child) {
    }

    static final List<Vaccine> VACCINES = List.of(
            new Vaccine("vaccin grippal quadrivalent inactivé", "grippe saisonnière", "dose annuelle", false),
            new Vaccine("vaccin pneumococcique conjugué 20-valent", "pneumocoque", "dose unique", false),
            new Vaccine("vaccin diphtérie-tétanos-poliomyélite (dTP)", "diphtérie, tétanos, poliomyélite", "rappel de l'adulte", false),
            new Vaccine("vaccin diphtérie-tétanos-coqueluche-poliomyélite (dTcaP)", "diphtérie, tétanos, coqueluche, poliomyélite", "rappel", false),
            new Vaccine("vaccin zona recombinant adjuvé", "zona", "dose 1/2", false),
            new Vaccine("vaccin ARNm contre la COVID-19", "COVID-19", "rappel saisonnier", false),
            new Vaccine("vaccin papillomavirus humain 9-valent", "HPV", "dose 1/2", true),
            new Vaccine("vaccin rougeole-oreillons-rubéole (ROR)", "rougeole, oreillons, rubéole", "dose 2/2", true),
            new Vaccine("vaccin hexavalent DTCaP-Hib-HepB", "diphtérie, tétanos, coqueluche, poliomyélite, Haemophilus influenzae b, hépatite B", "dose 2/3", true),
            new Vaccine("vaccin méningococcique ACWY conjugué", "méningocoques A, C, W, Y", "dose unique", true),
            new Vaccine("vaccin hépatite B recombinant", "hépatite B", "dose 3/3", false));

    static String vaccination(Gen g) {
        Vaccine v = g.variant(VACCINES);
        Gen.Person p = v.child() ? g.child() : g.patient;
        TextDoc d = new TextDoc();
        if (g.chance(0.75)) {
            d.letterhead(g, g.pick("Centre de vaccination " + g.pick("Fictif", "Exemple", "municipal " + Gen.de(g.city())), "Pharmacie Exemple du Centre",
                    "Cabinet infirmier Maquette", g.doctor() + ", médecin généraliste", "Service de santé au travail Factice", "PMI " + Gen.de(g.city())), null);
        }
        d.title(g, 0.7, "Note de vaccination", "Attestation de vaccination", "Vaccination", "Enregistrement de vaccination", "Fiche de vaccination",
                "Traçabilité vaccinale", "Compte rendu de vaccination", "Acte de vaccination");
        d.header.add(g.patientLine(p));
        if (g.chance(0.25)) {
            d.section(g.pick("Motif", "Motif de la consultation", "Indication"), g.pick("Rappel selon le calendrier vaccinal", "Rattrapage vaccinal",
                    "Vaccination saisonnière", "Vaccination avant un voyage", "Mise à jour avant l'entrée en collectivité"));
            d.section(g.pick("Antécédents", "Questionnaire pré-vaccinal"), g.pick("Pas d'antécédent notable, pas d'allergie.",
                    "Pas de fièvre ce jour, pas d'antécédent de réaction vaccinale.", Gen.cap(Gen.enumerate(g.some(Lexicon.HISTORY, 1, 2))) + "."));
        }
        List<String> lines = new ArrayList<>();
        String lot = (char) ('A' + g.index(26)) + "" + (char) ('A' + g.index(26)) + g.between(1000, 99999);
        lines.add(g.pick("Vaccin administré", "Vaccin", "Produit") + g.colon + " " + v.name());
        lines.add(g.pick("Valence", "Maladie(s) ciblée(s)", "Protection contre") + g.colon + " " + v.target());
        lines.add(g.pick("N° de lot", "Lot", "Numéro de lot") + g.colon + " " + lot + (g.chance(0.5) ? " - péremption " + g.date(g.day.plusDays(g.between(60, 500))) : ""));
        lines.add(g.pick("Date d'administration", "Date de vaccination", "Administré le") + g.colon + " " + g.date() + (g.chance(0.4) ? " à " + g.time() : ""));
        lines.add(g.pick("Voie", "Voie d'administration", "Mode d'administration") + g.colon + " " + g.pick("intramusculaire", "IM", "sous-cutanée"));
        lines.add(g.pick("Site d'injection", "Site", "Localisation") + g.colon + " " + g.pick("deltoïde gauche", "deltoïde droit", "bras gauche", "cuisse droite"));
        lines.add(g.pick("Dose", "Rang de la dose", "Injection") + g.colon + " " + v.dose() + (g.chance(0.5) ? ", 0,5 mL" : ""));
        lines.add(g.pick("Vaccinateur", "Vacciné par", "Professionnel") + g.colon + " " + g.pick(g.doctor(), "IDE " + g.pick(Lexicon.SURNAMES),
                "pharmacien " + g.pick(Lexicon.SURNAMES), "sage-femme " + g.pick(Lexicon.SURNAMES)));
        java.util.Collections.shuffle(lines.subList(1, lines.size()), g.r);
        boolean sections = g.chance(0.4);
        if (sections) {
            d.fixed(g.variant("Vaccination réalisée", "Acte vaccinal", "Détails de l'injection", "Informations vaccinales"), String.join("\n", lines));
        } else {
            d.para(String.join("\n", lines));
        }
        if (g.chance(0.7)) {
            d.fixed(g.pick("Surveillance", "Tolérance immédiate", "Effets indésirables"), g.pick("Surveillance de 15 minutes sans incident.",
                    "Pas de réaction immédiate.", "Aucun effet indésirable constaté.", "Légère douleur au point d'injection."));
        }
        if (g.chance(0.6)) {
            d.fixed(g.pick("Prochaine dose", "Rappel prévu", "Prochain rappel"), g.pick("Le " + g.date(g.day.plusDays(g.between(30, 400))),
                    "Dans 1 an", "Rappel à " + g.between(25, 85) + " ans", "Schéma complet, pas de rappel prévu"));
        }
        if (g.chance(0.4)) {
            d.para(g.pick("Vaccination enregistrée dans le carnet de vaccination électronique.", "Consentement recueilli oralement.",
                    "Questionnaire préalable : pas de contre-indication, pas d'allergie connue, pas de fièvre."));
        }
        if (g.chance(0.5)) {
            d.closing.add(g.pick("Signature", "Cachet du vaccinateur", "Fait le " + g.date()));
        }
        return d.render(g);
    }
}
