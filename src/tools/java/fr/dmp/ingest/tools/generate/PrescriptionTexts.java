package fr.dmp.ingest.tools.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * Prescriptions (medication, care, lab tests) and medication dispensations. They share the look of an
 * ordonnance (prescriber header, patient, date, list, signature): what is listed, and how, tells them
 * apart.
 */
final class PrescriptionTexts {

    private PrescriptionTexts() {
    }

    private static void prescriberHeader(Gen g, TextDoc d, String specialty) {
        if (g.chance(0.6)) {
            d.letterhead(g, g.author() + (specialty == null ? "" : g.pick(", ", " - ") + specialty), null);
            if (g.chance(0.5)) {
                d.letterhead.add(g.rpps() + (g.chance(0.5) ? " - AM " + g.between(10, 99) + " " + g.between(1, 9) + " " + g.between(10000, 99999) + " " + g.between(1, 9) : ""));
            }
        } else if (g.chance(0.7)) {
            d.letterhead(g, g.hospital(), g.service() + (g.chance(0.5) ? "\nPrescripteur" + g.colon + " " + g.author() : ""));
        }
    }

    private static String dateLine(Gen g) {
        return g.pick("Le " + g.date(), "Fait à " + g.city() + ", le " + g.date(), g.city() + ", le " + g.date(), "Date" + g.colon + " " + g.date(), g.date());
    }

    private static String patientLine(Gen g) {
        String line = g.patientLine();
        if (g.chance(0.3) && !line.contains(" ans")) {
            line += g.pick(" - Poids" + g.colon + " " + g.between(45, 110) + " kg", " - " + g.age(g.patient) + " ans", " - Clairance " + g.between(35, 110) + " mL/min");
        }
        return line;
    }

    // =================================================================== 57833-6 medication prescription

    static String medication(Gen g) {
        TextDoc d = new TextDoc();
        prescriberHeader(g, d, g.pick("Médecine générale", "Médecin généraliste", "Cardiologue", "Pédiatre", "Rhumatologue", null));
        boolean secure = g.chance(0.1);
        d.title(g, 0.7, secure ? new String[] {"Ordonnance sécurisée", "ORDONNANCE SÉCURISÉE"}
                : new String[] {"Ordonnance", "ORDONNANCE", "Prescription médicamenteuse", "Ordonnance de médicaments", "Prescription médicale",
                "Ordonnance de sortie", "Rp/", "Ordonnance - traitement"});
        d.header.add(dateLine(g));
        d.header.add(patientLine(g));
        List<Lexicon.Drug> drugs = g.some(Lexicon.DRUGS, 1, 5);
        if (secure) {
            drugs = new ArrayList<>(drugs);
            drugs.add(0, Lexicon.DRUGS.stream().filter(x -> x.inn().equals("morphine")).findFirst().orElseThrow());
        }
        List<String> lines = new ArrayList<>();
        for (Lexicon.Drug drug : drugs) {
            String line = CareTexts.drugWithPosology(g, drug);
            if (g.chance(0.4)) {
                line += g.pick(". QSP 1 mois", ". QSP 3 mois", ". Traitement de 5 jours", " - à renouveler 2 fois", " (NS)", ". Non substituable",
                        ". Boîte de 30", ", 1 boîte");
            }
            lines.add(line);
        }
        boolean bizone = g.chance(0.15) && lines.size() >= 2;
        if (bizone) {
            d.fixed(g.pick("Prescriptions relatives au traitement de l'affection de longue durée reconnue (liste ou hors liste)",
                    "Prescriptions en rapport avec l'ALD"), g.list(lines.subList(0, lines.size() / 2)));
            d.fixed(g.pick("Prescriptions sans rapport avec l'affection de longue durée", "Maladies intercurrentes"), g.list(lines.subList(lines.size() / 2, lines.size())));
        } else if (g.chance(0.5)) {
            d.para(String.join("\n\n", lines));
        } else {
            d.para(g.list(lines));
        }
        if (g.chance(0.15)) {
            d.para(g.pick("Examens à réaliser", "Faire pratiquer également", "Bilan de contrôle") + g.colon + " " + Gen.enumerate(g.some(Lexicon.LAB_ORDERS, 1, 3)) + ".");
        }
        if (g.chance(0.4)) {
            d.para(g.pick("À renouveler " + g.between(1, 3) + " fois.", "Ne pas dépasser les doses prescrites.", "Traitement à poursuivre jusqu'à la prochaine consultation.",
                    "Substitution autorisée.", "Ordonnance valable 3 mois.", "Si besoin : " + g.pick(Lexicon.DRUGS).inn() + "."));
        }
        d.closing.add(g.pick("Signature", g.author(), g.author(), "Signature du prescripteur", "Cachet et signature"));
        return d.render(g);
    }

    // =================================================================== 57832-8 care prescription (nursing, physiotherapy)

    static String care(Gen g) {
        TextDoc d = new TextDoc();
        prescriberHeader(g, d, g.pick("Médecine générale", "Chirurgien orthopédiste", "Médecin généraliste", null));
        int kind = g.index(3);
        List<String> items = new ArrayList<>();
        String intro;
        String[] titles;
        if (kind == 0) {
            titles = new String[] {"Ordonnance de soins infirmiers", "Prescription de soins infirmiers", "Ordonnance", "Soins infirmiers à domicile",
                    "Prescription de soins", "Demande de soins infirmiers"};
            intro = g.pick("Faire pratiquer par un(e) infirmier(e) diplômé(e) d'État, à domicile, dimanches et jours fériés compris" + g.colon,
                    "Soins infirmiers à domicile" + g.colon, "Faire faire par IDE" + g.colon, "Merci de bien vouloir réaliser les soins suivants" + g.colon);
            items.addAll(g.shuffled(List.of("Pansement simple de la cicatrice tous les 2 jours pendant 15 jours",
                    "Ablation des agrafes à J" + g.between(12, 15), "Injection sous-cutanée d'énoxaparine 4000 UI/0,4 mL une fois par jour pendant "
                    + g.pick("10", "35") + " jours", "Surveillance de la glycémie capillaire " + g.between(2, 4) + " fois par jour",
                    "Administration de l'insuline selon le protocole", "Préparation hebdomadaire du pilulier et aide à la prise des médicaments",
                    "Pansement d'ulcère de jambe 3 fois par semaine, avec bandes de contention", "Soins d'hygiène et de confort, 1 passage par jour",
                    "Surveillance de la tension artérielle 1 fois par semaine", "Pose et retrait de bas de contention matin et soir"), 1, 4));
        } else if (kind == 1) {
            titles = new String[] {"Prescription de kinésithérapie", "Ordonnance de masso-kinésithérapie", "Ordonnance", "Prescription de rééducation",
                    "Prescription de soins", "Demande de kinésithérapie"};
            intro = g.pick("Faire pratiquer par un masseur-kinésithérapeute" + g.colon, "Séances de kinésithérapie" + g.colon,
                    "Kinésithérapie" + g.colon, "Rééducation par kinésithérapeute" + g.colon);
            items.add(g.pick(g.between(10, 30) + " séances de rééducation du genou " + g.pick("droit", "gauche") + " après " + g.pick("ligamentoplastie du LCA", "arthroscopie", "prothèse totale"),
                    g.between(10, 20) + " séances de rééducation de l'épaule " + g.pick("droite", "gauche") + " (tendinopathie de la coiffe)",
                    g.between(10, 20) + " séances de kinésithérapie respiratoire " + g.pick("pour encombrement bronchique", "dans le cadre d'une BPCO"),
                    g.between(10, 20) + " séances de rééducation de l'équilibre et de la marche, prévention des chutes",
                    g.between(10, 20) + " séances de drainage lymphatique manuel du membre supérieur gauche",
                    g.between(10, 20) + " séances de rééducation lombaire, renforcement et étirements",
                    g.between(10, 20) + " séances de rééducation périnéale"));
            items.add(g.pick("À domicile", "Au cabinet", "En balnéothérapie si possible", "2 à 3 séances par semaine", "Urgent, à débuter sans délai"));
            if (g.chance(0.5)) {
                items.add(g.pick("Bilan-diagnostic kinésithérapique", "Physiothérapie antalgique", "Appui complet autorisé", "Travail des amplitudes, renforcement musculaire"));
            }
        } else {
            titles = new String[] {"Prescription de soins", "Ordonnance", "Prescription paramédicale", "Prescription d'orthophonie", "Ordonnance de soins"};
            intro = g.pick("Faire pratiquer" + g.colon, "Prescription" + g.colon, "Merci de prendre en charge" + g.colon);
            items.add(g.pick("Bilan orthophonique avec rééducation si nécessaire", "Séances d'orthoptie : bilan et rééducation",
                    "Soins de pédicurie-podologie : 4 séances par an (patient diabétique, grade 2)", "Séances de psychomotricité : bilan psychomoteur",
                    "Orthophonie : rééducation des troubles de la déglutition, 20 séances"));
        }
        d.title = g.chance(0.7) ? g.variant(titles) : null;
        d.header.add(dateLine(g));
        d.header.add(patientLine(g));
        d.para(intro + "\n" + g.list(items));
        if (g.chance(0.2)) {
            d.para(g.pick("Produit prescrit", "Médicament", "Traitement associé") + g.colon + " "
                    + CareTexts.drugWithPosology(g, g.pick(Lexicon.DRUGS)));
        }
        if (g.chance(0.4)) {
            d.fixed(g.pick("Motif", "Indication", "Diagnostic"), g.pick("Suites de prothèse totale de genou", "Plaie chronique de jambe", "Diabète insulino-traité",
                    "Perte d'autonomie", "Suites opératoires", "Chute à domicile"));
        }
        if (g.chance(0.3)) {
            d.para(g.pick("Soins en rapport avec une ALD.", "Soins en rapport avec un accident du travail.", "Renouvelable 1 fois.", "Quantité : 1 mois."));
        }
        d.closing.add(g.pick("Signature", g.author(), "Signature du médecin", "Cachet et signature"));
        return d.render(g);
    }

    // =================================================================== PRESC-BIO lab test prescription

    static String labOrder(Gen g) {
        TextDoc d = new TextDoc();
        boolean hospitalForm = g.chance(0.25);
        if (hospitalForm) {
            d.letterhead(g, g.hospital(), g.service());
            d.title(g, 0.8, "Demande d'examens de biologie", "Bon de demande d'analyses", "Demande d'examens biologiques", "Prescription d'examens de laboratoire");
        } else {
            prescriberHeader(g, d, g.pick("Médecine générale", "Endocrinologue", "Cardiologue", null));
            d.title(g, 0.65, "Ordonnance", "Prescription d'examens de biologie médicale", "Ordonnance d'analyses", "Bilan biologique à réaliser",
                    "Demande d'examens de laboratoire", "Ordonnance de biologie", "Examens biologiques prescrits");
        }
        d.header.add(dateLine(g));
        d.header.add(patientLine(g));
        List<String> tests = g.shuffled(Lexicon.LAB_ORDERS, 2, 8);
        String intro = g.variant("Faire pratiquer" + g.pick(" à jeun", "", " au laboratoire de votre choix") + g.colon, "Bilan biologique" + g.colon,
                "Prise de sang pour" + g.colon, "Merci de réaliser" + g.colon, "Analyses demandées" + g.colon, "Examens demandés" + g.colon,
                "Bilan sanguin à faire" + g.colon, "Dosages" + g.colon);
        d.para(intro + "\n" + g.list(tests));
        if (hospitalForm) {
            d.fixed(g.pick("Prélèvement", "Informations de prélèvement"), "Préleveur" + g.colon + " " + g.pick(Lexicon.SURNAMES) + "\nHeure de prélèvement" + g.colon + " "
                    + g.time() + "\nTubes" + g.colon + " " + g.pick("1 tube violet (EDTA), 1 tube vert (héparine)", "1 tube citraté bleu, 1 tube sec jaune",
                    "1 tube EDTA"));
            d.fixed(g.pick("Urgence", "Priorité"), g.pick("Urgent", "Non urgent", "Résultat souhaité avant 12h"));
        }
        if (g.chance(0.25)) {
            d.fixed(g.pick("Derniers résultats", "Résultats antérieurs", "Pour mémoire"), ReportTexts.labLines(g, 1, 3));
        }
        if (g.chance(0.5)) {
            d.fixed(g.variant("Renseignements cliniques", "Contexte", "Motif", "Indication"), g.pick("Patient sous AVK (INR cible 2-3).", "Suivi de diabète de type 2.",
                    "Asthénie.", "Bilan annuel.", "Surveillance d'un traitement par " + g.pick(Lexicon.DRUGS).inn() + ".", "Fièvre prolongée.",
                    "Bilan préopératoire.", "Suivi d'insuffisance rénale chronique."));
        }
        if (g.chance(0.5)) {
            d.para(g.pick("Prélèvement à domicile par IDE.", "À faire dans les 8 jours précédant la prochaine consultation.",
                    "Résultats à adresser au " + g.doctor() + " et au patient.", "Urgent.", "À renouveler tous les mois pendant 6 mois.",
                    "Doubler les résultats au cardiologue.", "À réaliser à jeun depuis 12 heures."));
        }
        d.closing.add(g.pick("Signature", g.author(), "Le prescripteur", "Cachet et signature"));
        return d.render(g);
    }

    // =================================================================== 60593-1 dispensation

    static String dispensation(Gen g) {
        TextDoc d = new TextDoc();
        boolean hospital = g.chance(0.3);
        List<Lexicon.Drug> drugs = g.some(Lexicon.DRUGS, 1, 6);
        List<String> lines = new ArrayList<>();
        if (hospital) {
            d.letterhead(g, g.hospital(), g.pick("Pharmacie à usage intérieur", "PUI - Pharmacie centrale", "Pharmacie hospitalière"));
            d.title(g, 0.7, "Dispensation nominative", "Fiche de dispensation", "Dispensation médicamenteuse", "Plan de dispensation", "Délivrance nominative");
            d.header.add(g.patientLine());
            d.header.add(g.pick("Unité de soins", "Service", "UF") + g.colon + " " + g.service());
            d.header.add(g.pick("Période", "Dispensation du") + g.colon + " " + g.date() + " au " + g.date(g.day.plusDays(g.between(1, 7))));
            for (Lexicon.Drug drug : drugs) {
                lines.add(drug.pharmacyLabel() + " - " + g.between(2, 28) + " unités" + g.pick("", " (PDA)", " - " + drug.posology()));
            }
            d.fixed(g.variant("Médicaments dispensés", "Délivrance", "Lignes dispensées", "Détail"), g.list(lines));
            d.fixed(g.variant("Analyse pharmaceutique", "Validation pharmaceutique", "Intervention pharmaceutique"), g.pick("Prescription validée, pas d'intervention.",
                    "Interaction signalée au prescripteur : " + drugs.get(0).inn() + " et " + g.pick(Lexicon.DRUGS).inn() + ".",
                    "Adaptation posologique proposée à la fonction rénale.", "Substitution par équivalent du livret thérapeutique."));
            d.closing.add(g.pick("Pharmacien" + g.colon + " ", "Validé par ", "Dispensé par ") + g.pick(Lexicon.SURNAMES) + g.pick(", pharmacien", ", préparateur", ""));
        } else {
            if (g.chance(0.9)) {
                d.letterhead(g, g.pick("Pharmacie Exemple du Centre", "Pharmacie de la Place Fictive", "Grande Pharmacie Maquette", "Pharmacie des Essais"), null);
            }
            d.title(g, 0.7, "Dispensation", "Relevé de délivrance", "Délivrance de médicaments", "Dispensation médicamenteuse", "Historique de délivrance",
                    "Ticket de délivrance", "Facture - délivrance");
            d.header.add(g.pick("Délivrance du ", "Délivré le ", "Date de dispensation" + g.colon + " ", "Le ") + g.date() + g.pick("", " à " + g.time()));
            d.header.add(g.pick("Bénéficiaire", "Patient", "Client") + g.colon + " " + g.patient.surname() + " " + g.patient.first());
            d.header.add(g.pick("Ordonnance du ", "Prescription du ", "Ordonnance n° " + g.between(1000, 99999) + " du ") + g.date(g.day.minusDays(g.between(0, 20)))
                    + g.pick(" - Prescripteur" + g.colon + " ", " - ", " par ") + g.doctor());
            double total = 0;
            for (Lexicon.Drug drug : drugs) {
                int qty = g.between(1, 3);
                double price = g.between(150, 3500) / 100.0;
                total += qty * price;
                lines.add(switch (g.index(3)) {
                    case 0 -> drug.pharmacyLabel() + "   Qté" + g.colon + " " + qty + "   " + g.num(price, 2) + " €   " + g.pick("65 %", "30 %", "100 %", "15 %");
                    case 1 -> qty + " x " + drug.pharmacyLabel() + (g.chance(0.5) ? " (générique)" : "") + " - " + g.num(qty * price, 2) + " EUR";
                    default -> drug.pharmacyLabel() + "\n   " + drug.posology() + " - quantité délivrée" + g.colon + " " + qty + " boîte" + (qty > 1 ? "s" : "");
                });
            }
            d.para(g.list(lines));
            if (g.chance(0.5)) {
                d.para(g.pick("Substitution par un générique" + g.colon + " oui", "Délivrance partielle : reste à délivrer 1 boîte", "Renouvellement "
                        + g.between(1, 2) + "/3", "Délivrance pour 1 mois de traitement", "Dispensation à l'unité"));
            }
            if (g.chance(0.5)) {
                d.para("Total" + g.colon + " " + g.num(total, 2) + " € - " + g.pick("Tiers payant AMO + AMC", "Part AMO " + g.num(total * 0.65, 2) + " €",
                        "Reste à charge" + g.colon + " 0,00 €"));
            }
            if (g.chance(0.5)) {
                d.fixed(g.variant("Conseils pharmaceutiques", "Conseils", "Informations au patient", "Remarques du pharmacien"), g.pick(
                        "Prendre l'antibiotique jusqu'au bout du traitement.", "Ne pas associer à d'autres médicaments contenant du paracétamol.",
                        "Conserver le stylo d'insuline entamé à température ambiante.", "Éviter l'exposition au soleil pendant le traitement.",
                        "Entretien pharmaceutique proposé."));
            }
            d.closing.add(g.pick("Pharmacien" + g.colon + " ", "Dispensé par ", "") + g.pick(Lexicon.SURNAMES) + g.pick("", ", docteur en pharmacie", " - pharmacien titulaire"));
        }
        return d.render(g);
    }
}
