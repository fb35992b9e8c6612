package fr.dmp.ingest.tools.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * Documents the classifier must refuse (label UNKNOWN): invoices, administrative letters, appointment
 * reminders, minutes of meetings unrelated to care, everyday non-medical text, near-empty scans. Some
 * come from the same hospitals and use the same words (consultation, service, docteur) on purpose.
 */
final class UnknownTexts {

    private UnknownTexts() {
    }

    /** The kinds, the usual ones first: the last ones are held out of the training split (see {@link Gen#variant}). */
    private static final List<java.util.function.Function<Gen, String>> KINDS = List.of(UnknownTexts::invoice,
            UnknownTexts::hospitalBill, UnknownTexts::adminLetter, UnknownTexts::reminder, UnknownTexts::minutes, UnknownTexts::everyday,
            UnknownTexts::emptyScan, UnknownTexts::jobOffer, UnknownTexts::reminder, UnknownTexts::satisfaction, UnknownTexts::itTicket,
            UnknownTexts::stayCertificate, UnknownTexts::newsletter);

    static String any(Gen g) {
        return g.variant(KINDS).apply(g);
    }

    private static String invoice(Gen g) {
        TextDoc d = new TextDoc();
        d.letterhead(g, g.pick("Fournitures Médicales Exemple SARL", "Société Factice de Nettoyage", "Garage du Prototype", "Imprimerie Maquette",
                "Matériel Médical Simulé SAS"), null);
        d.title = g.chance(0.8) ? g.pick("Facture", "FACTURE", "Facture n° F-" + g.day.getYear() + "-" + g.between(100, 9999), "Avoir") : null;
        d.header.add("Date" + g.colon + " " + g.date() + " - Échéance" + g.colon + " " + g.date(g.day.plusDays(30)));
        d.header.add("Client" + g.colon + " " + g.pick(g.hospital(), "Cabinet médical Exemple", g.patient.civility() + " " + g.patient.surname()));
        List<String> lines = new ArrayList<>();
        double total = 0;
        for (String item : g.some(List.of("Gants nitrile (boîte de 100)", "Ramettes de papier A4", "Location de fauteuil roulant - 1 mois",
                "Vidange et révision", "Cartouches d'encre", "Nettoyage des locaux - forfait mensuel", "Tensiomètre électronique", "Lit médicalisé - location",
                "Frais de livraison", "Heures de main-d'œuvre"), 2, 5)) {
            int q = g.between(1, 12);
            double pu = g.between(200, 25000) / 100.0;
            total += q * pu;
            lines.add(String.format("%-42s %3d x %10s", item, q, g.num(pu, 2)));
        }
        d.fixed(g.pick("Désignation", "Détail", "Prestations"), String.join("\n", lines));
        d.para("Total HT" + g.colon + " " + g.num(total, 2) + " €\nTVA 20 %" + g.colon + " " + g.num(total * 0.2, 2) + " €\nTotal TTC" + g.colon + " "
                + g.num(total * 1.2, 2) + " €");
        d.para(g.pick("Règlement par virement à réception de facture.", "Pénalités de retard : 3 fois le taux d'intérêt légal.",
                "Conditions générales de vente au verso.", "Merci de votre confiance."));
        d.clinical = false;
        return d.render(g);
    }

    private static String hospitalBill(Gen g) {
        TextDoc d = new TextDoc();
        d.letterhead(g, g.hospital(), g.pick("Bureau des admissions et des frais de séjour", "Service facturation", "Trésorerie hospitalière"));
        d.title = g.chance(0.8) ? g.pick("Avis des sommes à payer", "Facture de soins", "Relevé de frais d'hospitalisation", "Avis de paiement") : null;
        d.header.add(g.patientLine());
        d.header.add("Référence" + g.colon + " ASP-" + g.between(100000, 999999));
        d.header.add(g.pick("Séjour", "Hospitalisation", "Passage") + " du " + g.date(g.day.minusDays(g.between(2, 12))) + " au " + g.date()
                + g.pick("", " - " + g.service(), " - Urgences", " - consultation externe"));
        d.para(g.list(List.of("Forfait journalier hospitalier" + g.colon + " " + g.between(2, 12) + " jours x 20,00 €",
                "Ticket modérateur" + g.colon + " " + g.num(g.between(1000, 40000) / 100.0, 2) + " €",
                "Chambre particulière" + g.colon + " " + g.pick("non", g.between(1, 8) + " nuits"),
                "Part prise en charge par l'assurance maladie" + g.colon + " " + g.num(g.between(100000, 900000) / 100.0, 2) + " €")));
        d.para("Montant restant à votre charge" + g.colon + " " + g.num(g.between(2000, 60000) / 100.0, 2) + " €. " + g.pick(
                "Paiement en ligne sur le site de la DGFiP ou auprès du comptable public.", "Votre mutuelle peut prendre en charge tout ou partie de ce montant.",
                "En cas de difficulté, contactez le service des frais de séjour."));
        d.clinical = false;
        return d.render(g);
    }

    private static String adminLetter(Gen g) {
        TextDoc d = new TextDoc();
        d.letterhead(g, g.pick("Caisse Primaire Fictive d'Assurance Maladie", "Mutuelle Exemple Santé", "Direction des ressources humaines - " + g.hospital(),
                "Mairie " + Gen.de(g.city()), "Caisse de retraite Maquette"), null);
        d.header.add(g.patient.civility() + " " + g.patient.first() + " " + g.patient.surname());
        d.header.add(g.address());
        d.header.add(g.city() + ", le " + g.date());
        d.para("Objet" + g.colon + " " + g.pick("changement de coordonnées bancaires", "renouvellement de votre carte", "attestation de droits",
                "mise à jour de votre dossier", "entretien annuel d'évaluation", "demande de pièces justificatives", "modification de vos cotisations"));
        d.para(g.pick("Madame, Monsieur,", "Madame,", "Monsieur,"));
        d.para(g.pick("Nous vous informons que votre dossier a bien été mis à jour. Vos droits sont ouverts jusqu'au " + g.date(g.day.plusDays(365)) + ".",
                "Afin de compléter votre dossier, nous vous remercions de nous faire parvenir une copie de votre pièce d'identité et un justificatif de domicile.",
                "Votre entretien annuel est programmé le " + g.date(g.day.plusDays(14)) + " à " + g.time() + " avec votre cadre de santé.",
                "Le montant de votre cotisation mensuelle évoluera à compter du 1er janvier. Vous trouverez le détail dans le tableau joint.",
                "Suite à votre demande, nous vous adressons ci-joint l'attestation demandée."));
        d.para(g.pick("Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.", "Cordialement,",
                "Veuillez agréer nos salutations distinguées."));
        d.closing.add(g.pick("Le service gestion", "Le directeur", "Votre conseiller", "Le service des ressources humaines"));
        d.clinical = false;
        return d.render(g);
    }

    private static String reminder(Gen g) {
        TextDoc d = new TextDoc();
        if (g.chance(0.6)) {
            d.letterhead(g, g.hospital(), g.pick("Secrétariat de consultation", "Prise de rendez-vous", null));
        }
        String who = g.pick(g.doctor(), "le service de " + g.pick("cardiologie", "radiologie", "rhumatologie", "kinésithérapie"), "votre dentiste");
        String when = g.date(g.day.plusDays(g.between(2, 40))) + " à " + g.time();
        d.title = g.chance(0.5) ? g.pick("Rappel de rendez-vous", "Confirmation de rendez-vous", "Votre rendez-vous", "Convocation") : null;
        d.para(g.pick("Bonjour " + g.patient.civility() + " " + g.patient.surname() + ",", "Madame, Monsieur,", "Bonjour,"));
        d.para(g.pick("Nous vous rappelons votre rendez-vous le " + when + " avec " + who + ".",
                "Votre rendez-vous de consultation est confirmé le " + when + " avec " + who + ".",
                "RAPPEL : RDV le " + when + " - " + who + ". Répondez STOP pour ne plus recevoir de SMS.",
                "Vous êtes convoqué(e) le " + when + " pour votre examen.",
                "Rappel : votre " + g.pick("consultation d'anesthésie", "IRM", "prise de sang", "échographie", "séance de kinésithérapie", "vaccination")
                        + " est prévue le " + when + "."));
        d.para(g.pick("Merci de vous présenter 15 minutes avant l'heure, muni(e) de votre carte Vitale, de votre carte de mutuelle et de vos derniers examens.",
                "En cas d'empêchement, merci de prévenir au moins 48 heures à l'avance au " + g.phone() + ".",
                "Pour annuler ou déplacer votre rendez-vous, connectez-vous à votre espace en ligne.",
                "Le parking visiteurs est payant. Accès par l'entrée principale, niveau 1.",
                "Pour une prise de sang, venez à jeun. Pour une IRM, retirez tout objet métallique. Apportez votre ordonnance.",
                "Pensez à apporter vos derniers résultats d'analyses, vos radiographies et la liste de vos traitements."));
        d.clinical = false;
        return d.render(g);
    }

    private static String minutes(Gen g) {
        TextDoc d = new TextDoc();
        String[] topic = g.pick(
                new String[] {"Comité social et économique", "Points abordés : calendrier des congés d'été, restauration du personnel, arbre de Noël.",
                        "Vote du budget des activités sociales : adopté à l'unanimité."},
                new String[] {"Assemblée générale de la copropriété", "Ravalement de façade, remplacement de l'interphone, contrat d'entretien de l'ascenseur.",
                        "Le ravalement est voté pour un montant de 84 000 euros."},
                new String[] {"Comité des fêtes " + Gen.de(g.city()), "Organisation de la brocante, recherche de bénévoles, buvette.",
                        "La brocante aura lieu le premier dimanche de juin."},
                new String[] {"Commission des menus", "Bilan des repas du trimestre, gaspillage alimentaire, produits locaux.",
                        "Introduction d'un repas végétarien hebdomadaire."},
                new String[] {"Réunion du projet de déploiement informatique", "Migration des postes de travail, formation des utilisateurs, planning.",
                        "La bascule est reportée de deux semaines."},
                new String[] {"Réunion de service - logistique", "Organisation des plannings, parking du personnel, travaux du hall d'accueil.",
                        "Le nouveau planning sera affiché lundi."},
                new String[] {"Conseil d'école", "Sorties scolaires, kermesse, sécurité aux abords de l'école.",
                        "La kermesse est fixée au dernier samedi de juin."});
        d.letterhead(g, g.pick(g.hospital(), "Association Exemple", "Syndic Maquette", "École élémentaire Fictive"), null);
        d.title = g.chance(0.8) ? g.pick("Compte rendu de réunion", "Procès-verbal", "Compte rendu", "Relevé de décisions", "CR de réunion") + " - " + topic[0] : null;
        d.header.add(g.pick("Réunion du ", "Séance du ", "Date" + g.colon + " ") + g.date() + " - " + g.time());
        d.fixed(g.pick("Présents", "Participants", "Membres présents"), Gen.enumerate(List.of("M. " + g.pick(Lexicon.DOCTORS),
                "Mme " + g.pick(Lexicon.SURNAMES), "M. " + g.pick(Lexicon.SURNAMES), "Mme " + g.pick(Lexicon.SURNAMES))) + ". Excusés" + g.colon + " "
                + g.between(1, 4) + ".");
        d.fixed(g.pick("Ordre du jour", "Points abordés", "Sujets"), topic[1]);
        d.fixed(g.pick("Décisions", "Relevé de décisions", "Conclusion"), topic[2]);
        d.fixed(g.pick("Prochaine réunion", "Date de la prochaine séance"), g.date(g.day.plusDays(g.between(14, 90))));
        d.closing.add(g.pick("Secrétaire de séance" + g.colon + " ", "Rédigé par ") + g.pick(Lexicon.SURNAMES));
        d.clinical = false;
        return d.render(g);
    }

    private static String everyday(Gen g) {
        TextDoc d = new TextDoc();
        switch (g.index(6)) {
            case 0 -> {
                d.title = "Tarte aux pommes";
                d.fixed("Ingrédients", g.list(List.of("1 pâte brisée", "4 pommes", "50 g de sucre", "30 g de beurre", "1 sachet de sucre vanillé")));
                d.fixed("Préparation", "Préchauffer le four à 180 °C. Étaler la pâte dans un moule, disposer les pommes coupées en lamelles, saupoudrer de sucre "
                        + "et parsemer de beurre. Cuire 35 minutes.");
            }
            case 1 -> d.para("Bulletin météo du " + g.date() + ". Temps " + g.pick("ensoleillé", "nuageux", "pluvieux") + " sur l'ensemble de la région, "
                    + "températures comprises entre " + g.between(2, 12) + " et " + g.between(14, 30) + " degrés. Vent " + Gen.de(g.pick("nord", "sud-ouest", "ouest"))
                    + " modéré. Pour demain, quelques averses sont attendues en fin de journée.");
            case 2 -> d.para("Le club " + Gen.de(g.city()) + " s'est imposé " + g.between(1, 4) + " à " + g.between(0, 2) + " samedi soir devant son public. "
                    + "Après une première mi-temps équilibrée, les locaux ont fait la différence dans le dernier quart d'heure. Prochain match à l'extérieur "
                    + "dans quinze jours.");
            case 3 -> {
                d.title = g.pick("Mode d'emploi", "Notice d'utilisation - cafetière");
                d.para(g.list(List.of("Remplir le réservoir d'eau froide jusqu'au repère MAX.", "Placer un filtre et ajouter le café moulu.",
                        "Appuyer sur le bouton marche ; le voyant s'allume.", "Détartrer l'appareil tous les deux mois avec du vinaigre blanc.")));
            }
            case 4 -> d.para("Bonjour à tous, la réunion de parents aura lieu jeudi à 18 h dans la salle polyvalente. Merci de confirmer votre présence. "
                    + "Pensez à apporter les autorisations de sortie signées. Bonne semaine !");
            default -> d.para("Liste de courses" + g.colon + "\n" + g.list(g.some(List.of("pain", "lait", "œufs", "pâtes", "tomates", "café", "lessive",
                    "fromage râpé", "piles AA", "sacs poubelle"), 4, 8)));
        }
        d.clinical = false;
        return d.render(g);
    }

    private static String emptyScan(Gen g) {
        return switch (g.index(6)) {
            case 0 -> "\n\n" + g.pick("Page 1/1", "- 1 -", "1") + "\n";
            case 1 -> "Document numérisé le " + g.date() + "\n\n\n\n" + g.pick("Page blanche", "", ".") + "\n";
            case 2 -> g.pick("|||  ~~ .,  ' -- lll  ,", "., ;; ' | I l 1 :: ..", "~ ~ ~ . . _ _ | ,'") + "\n\n" + g.pick("ii  ..", "|", "") + "\n";
            case 3 -> g.hospital() + "\n\n\n\n\n" + g.pick("Page 1/2", "") + "\n";
            case 4 -> "Scanné avec " + g.pick("ScanFictif", "DémoScan Pro", "l'application Scanner Exemple") + "\n" + g.date() + " " + g.time() + "\n";
            default -> "[image]\n\n[image]\n";
        };
    }

    private static String jobOffer(Gen g) {
        TextDoc d = new TextDoc();
        d.letterhead(g, g.hospital(), "Direction des ressources humaines");
        d.title = g.chance(0.8) ? g.pick("Offre d'emploi", "Avis de vacance de poste", "Recrutement") : null;
        String[] job = g.pick(new String[] {"Infirmier(ère) diplômé(e) d'État - " + g.service(),
                        "Assurer les soins infirmiers et la surveillance des patients, travailler en équipe pluridisciplinaire."},
                new String[] {"Secrétaire médicale", "Accueil des patients, prise de rendez-vous, frappe des courriers médicaux."},
                new String[] {"Agent de service hospitalier", "Participation à l'entretien des locaux et à la distribution des repas."},
                new String[] {"Technicien(ne) de laboratoire", "Réalisation des analyses, maintenance des automates, respect des procédures qualité."});
        d.fixed("Poste", job[0]);
        d.fixed("Missions", job[1]);
        d.fixed("Profil", g.pick("Diplôme d'État exigé, débutant accepté.", "Expérience souhaitée en milieu hospitalier.", "Maîtrise des outils bureautiques."));
        d.fixed("Conditions", "Temps " + g.pick("plein", "partiel 80 %") + ", poste à pourvoir le " + g.date(g.day.plusDays(60)) + ". Candidature (CV et lettre) "
                + "à adresser à la DRH.");
        d.clinical = false;
        return d.render(g);
    }

    private static String satisfaction(Gen g) {
        TextDoc d = new TextDoc();
        d.letterhead(g, g.hospital(), null);
        d.title = g.pick("Questionnaire de satisfaction", "Votre avis nous intéresse", "Enquête de satisfaction des patients");
        d.para("Afin d'améliorer la qualité de l'accueil, merci de prendre quelques minutes pour répondre à ce questionnaire anonyme.");
        d.para(g.list(List.of("Comment jugez-vous l'accueil ?  [ ] Très bon  [ ] Bon  [ ] Moyen  [ ] Mauvais",
                "La signalétique était-elle claire ?  [ ] Oui  [ ] Non", "Les repas vous ont-ils satisfait ?  [ ] Oui  [ ] Non",
                "Recommanderiez-vous notre établissement ?  [ ] Oui  [ ] Non", "Vos suggestions : ...........................")));
        d.para("Questionnaire à déposer dans la boîte prévue à cet effet à l'accueil.");
        d.clinical = false;
        return d.render(g);
    }

    private static String itTicket(Gen g) {
        TextDoc d = new TextDoc();
        d.para(g.pick("De", "Expéditeur") + g.colon + " " + g.pick("secretariat", "cadre.sante", "accueil") + "@" + g.pick("ch-fictif", "chu-imaginaire", "clinique-exemple")
                + ".invalid\nObjet" + g.colon + " " + g.pick("Imprimante en panne", "Accès au logiciel impossible", "Demande de badge", "Problème de messagerie"));
        d.para("Bonjour,\n\n" + g.pick("l'imprimante du secrétariat du " + g.service().toLowerCase(java.util.Locale.FRENCH) + " ne fonctionne plus depuis ce matin.",
                "je n'arrive plus à me connecter au poste de travail de la salle de soins, mot de passe expiré.",
                "merci de créer un badge d'accès pour la nouvelle secrétaire qui arrive lundi.",
                "les courriels ne partent plus depuis hier après-midi.") + "\n\nMerci d'avance,\nBonne journée");
        d.para("Ticket n° " + g.between(10000, 999999) + " - priorité " + g.pick("normale", "haute") + " - statut : ouvert");
        d.clinical = false;
        return d.render(g);
    }

    private static String stayCertificate(Gen g) {
        TextDoc d = new TextDoc();
        d.letterhead(g, g.hospital(), g.pick("Bureau des entrées", "Service des admissions", "Accueil administratif"));
        d.title = g.chance(0.8) ? g.pick("Bulletin de situation", "Attestation de présence", "Bulletin d'hospitalisation", "Attestation de séjour") : null;
        d.para("Le bureau des entrées atteste que " + g.patient.civility() + " " + g.patient.surname() + " " + g.patient.first() + " "
                + g.pick("a séjourné dans notre établissement du " + g.date(g.day.minusDays(g.between(2, 20))) + " au " + g.date() + ".",
                "est hospitalisé(e) depuis le " + g.date(g.day.minusDays(g.between(2, 20))) + ".",
                "a accompagné son enfant hospitalisé le " + g.date() + "."));
        d.para(g.pick("Ce document ne comporte aucune information médicale.", "Document à remettre à votre employeur ou à votre caisse d'assurance maladie.",
                "Attestation délivrée pour servir et valoir ce que de droit."));
        d.closing.add("Pour le directeur, le bureau des entrées");
        d.clinical = false;
        return d.render(g);
    }

    private static String newsletter(Gen g) {
        TextDoc d = new TextDoc();
        d.letterhead(g, g.pick("Mutuelle Exemple Santé", "La lettre du " + g.hospital(), "Association des usagers Fictive"), null);
        d.title = g.pick("Lettre d'information", "Newsletter", "Actualités", "Le journal interne");
        d.para(g.pick("Ce mois-ci : inauguration du nouveau parking, portes ouvertes de la maternité et résultats de l'enquête de satisfaction.",
                "Découvrez vos nouveaux avantages adhérents : réductions sur les salles de sport et les cures thermales.",
                "Le hall d'accueil fait peau neuve : les travaux dureront jusqu'à la fin de l'été. Merci de votre compréhension.",
                "Semaine de la sécurité des patients : venez tester vos connaissances au stand du hall principal."));
        d.para(g.pick("Pour vous désabonner, cliquez ici.", "Retrouvez-nous sur notre site internet.", "Bonne lecture !"));
        d.clinical = false;
        return d.render(g);
    }
}
