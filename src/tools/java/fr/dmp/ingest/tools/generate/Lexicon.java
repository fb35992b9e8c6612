package fr.dmp.ingest.tools.generate;

import java.util.List;

/**
 * Word lists shared by the synthetic clinical texts: obviously fake people and places, generic drug
 * names (INN) with usual dosages, clinical scenarios, lab analyses. Made up for tests and training;
 * no real person, establishment or identifier.
 */
final class Lexicon {

    private Lexicon() {
    }

    static final String[] SURNAMES = {"FICTIF", "ESSAI", "EXEMPLE", "DÉMO", "MAQUETTE", "SIMULÉ", "FACTICE", "TESTEUR",
            "PROTOTYPE", "FAUXNOM", "PLACEBO", "IMAGINAIRE", "ÉCHANTILLON", "PSEUDONYME", "FICTIVE-GRANDNOM", "TESTÉ"};
    static final String[] FEMALE = {"Zoé", "Hélène", "Anaïs", "Béatrice", "Gaëlle", "Cécile", "Maëlys", "Noémie", "Odile",
            "Josiane", "Léa", "Inès"};
    static final String[] MALE = {"Jérôme", "François", "Noël", "Loïc", "Aurélien", "Maël", "Élie", "Gaëtan", "Marcel",
            "Théo", "Rémi", "Hervé"};
    static final String[] DOCTORS = {"ESSAI", "TESTEUR", "MODÈLE", "SPÉCIMEN", "PROTOTYPE", "FACTICE", "MAQUETTE",
            "EXEMPLE", "FICTIF", "SIMULATEUR", "PLACEBO"};
    static final String[] CITIES = {"Fictiville", "Testbourg", "Exempleville-sur-Mer", "Nulle-Part-sur-Loire", "Saint-Essai",
            "Démoland-les-Bains", "Maquette-la-Forêt", "Simulac", "Vallée-Factice"};
    static final String[] SERVICES = {"Service de cardiologie", "Service de pneumologie", "Service de médecine interne",
            "Service de gériatrie", "Service de chirurgie digestive", "Service d'orthopédie-traumatologie",
            "Service de neurologie", "Service de gastro-entérologie", "Service de néphrologie",
            "Service des maladies infectieuses", "Service d'endocrinologie-diabétologie", "Service d'oncologie médicale"};

    /** A drug (INN), its strength and form, a usual posology, and how a pharmacy labels it. */
    record Drug(String inn, String strength, String form, String posology, String pharmacyLabel) {
        String line() {
            return inn + " " + strength + " " + form;
        }
    }

    static final List<Drug> DRUGS = List.of(
            new Drug("paracétamol", "1 g", "comprimé", "1 comprimé jusqu'à 4 fois par jour si douleur, en respectant 6 heures entre les prises", "PARACETAMOL 1G CPR B/8"),
            new Drug("amoxicilline", "1 g", "comprimé", "1 comprimé matin, midi et soir pendant 7 jours", "AMOXICILLINE 1G CPR DISP B/6"),
            new Drug("amoxicilline/acide clavulanique", "1 g/125 mg", "sachet", "1 sachet matin et soir pendant 8 jours", "AMOX/AC CLAV 1G/125MG SACH B/8"),
            new Drug("ibuprofène", "400 mg", "comprimé", "1 comprimé 3 fois par jour au cours des repas pendant 5 jours", "IBUPROFENE 400MG CPR B/30"),
            new Drug("metformine", "1000 mg", "comprimé", "1 comprimé matin et soir au milieu des repas", "METFORMINE 1000MG CPR B/90"),
            new Drug("ramipril", "5 mg", "gélule", "1 gélule le matin", "RAMIPRIL 5MG GELU B/90"),
            new Drug("amlodipine", "5 mg", "gélule", "1 gélule par jour", "AMLODIPINE 5MG GELU B/30"),
            new Drug("atorvastatine", "20 mg", "comprimé", "1 comprimé le soir", "ATORVASTATINE 20MG CPR B/90"),
            new Drug("bisoprolol", "2,5 mg", "comprimé", "1 comprimé le matin", "BISOPROLOL 2,5MG CPR B/30"),
            new Drug("furosémide", "40 mg", "comprimé", "1 comprimé le matin", "FUROSEMIDE 40MG CPR B/30"),
            new Drug("apixaban", "5 mg", "comprimé", "1 comprimé matin et soir", "APIXABAN 5MG CPR B/60"),
            new Drug("lévothyroxine", "75 µg", "comprimé", "1 comprimé le matin à jeun", "LEVOTHYROXINE 75MICROG CPR B/30"),
            new Drug("oméprazole", "20 mg", "gélule", "1 gélule le matin à jeun pendant 4 semaines", "OMEPRAZOLE 20MG GELU B/28"),
            new Drug("tramadol", "50 mg", "gélule", "1 gélule toutes les 6 heures si douleur intense, sans dépasser 6 gélules par jour", "TRAMADOL 50MG GELU B/30"),
            new Drug("énoxaparine", "4000 UI/0,4 mL", "solution injectable", "1 injection sous-cutanée par jour pendant 10 jours", "ENOXAPARINE 4000UI/0,4ML SER B/10"),
            new Drug("salbutamol", "100 µg/dose", "suspension pour inhalation", "2 bouffées en cas de gêne respiratoire, jusqu'à 4 fois par jour", "SALBUTAMOL 100MICROG/DOSE FL"),
            new Drug("prednisolone", "20 mg", "comprimé orodispersible", "2 comprimés le matin pendant 5 jours", "PREDNISOLONE 20MG CPR ORODISP B/20"),
            new Drug("macrogol", "10 g", "sachet", "1 sachet par jour si constipation", "MACROGOL 4000 10G SACH B/20"),
            new Drug("sertraline", "50 mg", "gélule", "1 gélule le matin", "SERTRALINE 50MG GELU B/28"),
            new Drug("zopiclone", "7,5 mg", "comprimé", "1/2 comprimé au coucher si besoin, pendant 14 jours maximum", "ZOPICLONE 7,5MG CPR B/14"),
            new Drug("acide acétylsalicylique", "75 mg", "sachet", "1 sachet par jour au cours du repas", "ACIDE ACETYLSALICYLIQUE 75MG SACH B/30"),
            new Drug("cholécalciférol", "100 000 UI", "solution buvable en ampoule", "1 ampoule tous les 3 mois", "CHOLECALCIFEROL 100000UI AMP B/1"),
            new Drug("insuline glargine", "100 UI/mL", "stylo prérempli", "14 unités le soir, dose à adapter selon les glycémies", "INSULINE GLARGINE 100U/ML STYLO B/5"),
            new Drug("fosfomycine trométamol", "3 g", "granulés en sachet", "1 sachet en dose unique le soir au coucher", "FOSFOMYCINE 3G SACH B/1"),
            new Drug("doxycycline", "100 mg", "comprimé", "1 comprimé matin et soir pendant 10 jours, au milieu du repas", "DOXYCYCLINE 100MG CPR B/10"),
            new Drug("morphine", "10 mg", "gélule à libération prolongée", "1 gélule matin et soir", "MORPHINE SULF LP 10MG GELU B/14"),
            new Drug("kétoprofène", "2,5 %", "gel", "1 application 2 fois par jour sur la zone douloureuse pendant 7 jours", "KETOPROFENE 2,5% GEL T/60G"),
            new Drug("spironolactone", "25 mg", "comprimé", "1 comprimé le matin", "SPIRONOLACTONE 25MG CPR B/30"),
            new Drug("lansoprazole", "15 mg", "gélule", "1 gélule le soir", "LANSOPRAZOLE 15MG GELU B/28"),
            new Drug("périndopril", "4 mg", "comprimé", "1 comprimé le matin", "PERINDOPRIL 4MG CPR B/30"),
            new Drug("clopidogrel", "75 mg", "comprimé", "1 comprimé par jour", "CLOPIDOGREL 75MG CPR B/30"),
            new Drug("alprazolam", "0,25 mg", "comprimé", "1 comprimé le soir si anxiété", "ALPRAZOLAM 0,25MG CPR B/30"),
            new Drug("nitrofurantoïne", "50 mg", "gélule", "2 gélules 3 fois par jour pendant 5 jours", "NITROFURANTOINE 50MG GELU B/21"),
            new Drug("dompéridone", "10 mg", "comprimé", "1 comprimé 3 fois par jour avant les repas pendant 3 jours", "DOMPERIDONE 10MG CPR B/40"));

    /** A clinical stay: shared by letters, transfer notes, syntheses and emergency reports. */
    record Scenario(String service, String motif, String diagnosis, String cim10, String history, String evolution,
                    List<String> findings, List<String> drugs, String followUp) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("Service de cardiologie", "dyspnée d'effort croissante et œdèmes des membres inférieurs",
                    "insuffisance cardiaque à fraction d'éjection altérée décompensée", "I50.1",
                    "Majoration progressive d'une dyspnée depuis 10 jours, orthopnée, prise de poids de 4 kg.",
                    "Amélioration clinique sous diurétiques intraveineux, perte de 5 kg. Relais per os au quatrième jour.",
                    List.of("NT-proBNP à 4500 ng/L", "échocardiographie : FEVG estimée à 35 %", "créatinine à 112 µmol/L",
                            "radiographie thoracique : surcharge hydrostatique bilatérale"),
                    List.of("furosémide", "bisoprolol", "ramipril", "spironolactone"),
                    "Consultation de cardiologie dans 1 mois, ionogramme et créatinine à 8 jours."),
            new Scenario("Service de pneumologie", "fièvre, toux productive et douleur basithoracique droite",
                    "pneumopathie aiguë communautaire du lobe inférieur droit", "J18.9",
                    "Fièvre à 39 °C depuis 3 jours, toux avec expectorations purulentes.",
                    "Apyrexie obtenue en 48 heures sous antibiothérapie, reprise d'un état général satisfaisant.",
                    List.of("CRP à 180 mg/L", "hyperleucocytose à 15,2 G/L à polynucléaires neutrophiles",
                            "radiographie thoracique : foyer de condensation du lobe inférieur droit", "antigénuries négatives"),
                    List.of("amoxicilline/acide clavulanique", "paracétamol"),
                    "Radiographie thoracique de contrôle à 6 semaines."),
            new Scenario("Service de neurologie", "déficit brachio-facial gauche d'installation brutale",
                    "accident vasculaire cérébral ischémique sylvien droit", "I63.5",
                    "Découverte au réveil d'une faiblesse du bras gauche et d'une asymétrie faciale.",
                    "Récupération partielle du déficit moteur. Bilan étiologique : fibrillation atriale paroxystique au Holter.",
                    List.of("IRM cérébrale : hypersignal diffusion sylvien droit", "Holter ECG : fibrillation atriale paroxystique",
                            "LDL-cholestérol à 3,1 mmol/L", "HbA1c à 6,1 %"),
                    List.of("apixaban", "atorvastatine"),
                    "Rééducation en SSR neurologique, consultation de neurologie à 3 mois."),
            new Scenario("Service de néphrologie", "fièvre et douleurs lombaires gauches",
                    "pyélonéphrite aiguë gauche non compliquée", "N10",
                    "Brûlures mictionnelles depuis 4 jours puis fièvre à 39,5 °C et douleur lombaire.",
                    "Évolution favorable sous antibiothérapie adaptée à l'antibiogramme.",
                    List.of("ECBU : Escherichia coli > 10^5 UFC/mL", "CRP à 210 mg/L",
                            "échographie rénale : pas de dilatation des cavités pyélocalicielles", "créatinine normale"),
                    List.of("paracétamol"),
                    "ECBU de contrôle non systématique, reconsulter si récidive fébrile."),
            new Scenario("Service d'orthopédie-traumatologie", "chute de sa hauteur avec impotence fonctionnelle du membre inférieur droit",
                    "fracture du col du fémur droit opérée par prothèse intermédiaire", "S72.0",
                    "Chute mécanique à domicile, raccourcissement et rotation externe du membre inférieur droit.",
                    "Intervention le lendemain de l'admission. Lever au premier jour postopératoire, reprise de la marche avec déambulateur.",
                    List.of("radiographie du bassin : fracture cervicale vraie déplacée", "hémoglobine postopératoire à 9,8 g/dL",
                            "radiographie de contrôle : prothèse en place"),
                    List.of("énoxaparine", "paracétamol", "tramadol", "cholécalciférol"),
                    "Ablation des agrafes à J15 par l'infirmière, consultation chirurgicale à 6 semaines avec radiographie."),
            new Scenario("Service de chirurgie digestive", "douleurs de l'hypochondre droit fébriles",
                    "cholécystite aiguë lithiasique opérée par cholécystectomie cœlioscopique", "K80.0",
                    "Douleur de l'hypochondre droit depuis 48 heures avec fièvre et signe de Murphy.",
                    "Cholécystectomie par cœlioscopie sans complication. Reprise alimentaire au premier jour.",
                    List.of("échographie abdominale : vésicule lithiasique à paroi épaissie", "lipase normale",
                            "bilan hépatique : discrète cholestase", "CRP à 95 mg/L"),
                    List.of("paracétamol", "ibuprofène"),
                    "Consultation chirurgicale à 1 mois. Résultat anatomopathologique transmis au médecin traitant."),
            new Scenario("Service de pneumologie", "majoration de la dyspnée et des expectorations",
                    "exacerbation de bronchopneumopathie chronique obstructive", "J44.1",
                    "BPCO stade 3 connue, majoration de la dyspnée depuis une semaine.",
                    "Amélioration sous bronchodilatateurs nébulisés, corticothérapie courte et kinésithérapie respiratoire.",
                    List.of("gazométrie : hypercapnie à 52 mmHg", "radiographie thoracique : distension sans foyer",
                            "EFR antérieures : VEMS à 42 % de la théorique"),
                    List.of("salbutamol", "prednisolone"),
                    "Réhabilitation respiratoire à organiser, consultation de pneumologie à 2 mois."),
            new Scenario("Service de médecine interne", "dyspnée brutale et douleur thoracique",
                    "embolie pulmonaire bilatérale sans signe de gravité", "I26.9",
                    "Douleur thoracique basale gauche et dyspnée brutale au décours d'un long trajet en voiture.",
                    "Anticoagulation curative bien tolérée, pas de récidive.",
                    List.of("D-dimères à 2800 µg/L", "angioscanner thoracique : embolie pulmonaire bilatérale segmentaire",
                            "écho-doppler veineux : thrombose veineuse poplitée gauche", "troponine normale"),
                    List.of("apixaban"),
                    "Anticoagulation pour 3 à 6 mois, réévaluation en consultation de médecine vasculaire."),
            new Scenario("Service de gériatrie", "confusion et chutes répétées",
                    "syndrome confusionnel sur déshydratation et hyponatrémie", "E87.1",
                    "Confusion d'apparition progressive depuis 5 jours, chutes répétées à domicile.",
                    "Correction progressive de la natrémie, régression du syndrome confusionnel. Réévaluation des traitements.",
                    List.of("natrémie à 124 mmol/L", "créatinine à 135 µmol/L", "scanner cérébral : pas d'hématome"),
                    List.of("paracétamol", "macrogol", "cholécalciférol"),
                    "Ionogramme à 1 semaine, passage de l'infirmière à domicile, kinésithérapie pour la marche."),
            new Scenario("Service d'endocrinologie-diabétologie", "déséquilibre glycémique",
                    "diabète de type 2 déséquilibré, mise sous insuline basale", "E11.9",
                    "HbA1c à 10,2 % malgré la bithérapie orale, polyurie, amaigrissement.",
                    "Instauration d'une insuline basale, éducation thérapeutique, objectifs glycémiques atteints en fin de séjour.",
                    List.of("HbA1c à 10,2 %", "fond d'œil : pas de rétinopathie", "microalbuminurie négative"),
                    List.of("insuline glargine", "metformine", "atorvastatine"),
                    "Infirmière à domicile pour l'adaptation des doses, consultation de diabétologie à 3 mois."),
            new Scenario("Service de gastro-entérologie", "méléna et asthénie",
                    "hémorragie digestive haute sur ulcère duodénal", "K26.4",
                    "Selles noires depuis 2 jours, lipothymie, prise d'anti-inflammatoires pour lombalgie.",
                    "Pas de récidive hémorragique. Transfusion de 2 culots globulaires.",
                    List.of("hémoglobine à 7,4 g/dL à l'admission", "endoscopie : ulcère duodénal Forrest IIb",
                            "recherche d'Helicobacter pylori positive"),
                    List.of("oméprazole", "amoxicilline"),
                    "Endoscopie de contrôle à 6 semaines, arrêt définitif des AINS."));

    static final List<String> HISTORY = List.of("hypertension artérielle", "diabète de type 2", "dyslipidémie",
            "tabagisme sevré (30 PA)", "fibrillation atriale", "BPCO", "asthme", "hypothyroïdie", "appendicectomie dans l'enfance",
            "cholécystectomie", "prothèse totale de hanche gauche", "syndrome d'apnées du sommeil appareillé",
            "insuffisance rénale chronique stade 3", "cardiopathie ischémique stentée", "dépression", "obésité (IMC 34)",
            "cancer du sein traité en 2015", "glaucome", "arthrose des genoux", "reflux gastro-œsophagien");

    static final List<String> ALLERGIES = List.of("pas d'allergie connue", "allergie à la pénicilline (urticaire)",
            "allergie aux AINS", "aucune allergie médicamenteuse connue", "allergie à l'iode déclarée", "allergie au latex",
            "allergie aux sulfamides");

    /** An analysis: label, unit, reference range and the decimals it is given with. */
    record Analysis(String label, String unit, double low, double high, int decimals, String section) {
    }

    static final List<Analysis> ANALYSES = List.of(
            new Analysis("Hématies", "T/L", 4.2, 5.7, 2, "HÉMATOLOGIE"),
            new Analysis("Hémoglobine", "g/dL", 12, 17, 1, "HÉMATOLOGIE"),
            new Analysis("Hématocrite", "%", 37, 50, 1, "HÉMATOLOGIE"),
            new Analysis("VGM", "fL", 80, 100, 0, "HÉMATOLOGIE"),
            new Analysis("Leucocytes", "G/L", 4, 10, 2, "HÉMATOLOGIE"),
            new Analysis("Polynucléaires neutrophiles", "G/L", 1.8, 7.5, 2, "HÉMATOLOGIE"),
            new Analysis("Lymphocytes", "G/L", 1, 4, 2, "HÉMATOLOGIE"),
            new Analysis("Plaquettes", "G/L", 150, 400, 0, "HÉMATOLOGIE"),
            new Analysis("TP", "%", 70, 100, 0, "HÉMOSTASE"),
            new Analysis("INR", "", 0.8, 1.2, 2, "HÉMOSTASE"),
            new Analysis("TCA (ratio)", "", 0.8, 1.2, 2, "HÉMOSTASE"),
            new Analysis("Sodium", "mmol/L", 136, 145, 0, "BIOCHIMIE"),
            new Analysis("Potassium", "mmol/L", 3.5, 5.1, 1, "BIOCHIMIE"),
            new Analysis("Chlore", "mmol/L", 98, 107, 0, "BIOCHIMIE"),
            new Analysis("Urée", "mmol/L", 2.5, 7.5, 1, "BIOCHIMIE"),
            new Analysis("Créatinine", "µmol/L", 45, 104, 0, "BIOCHIMIE"),
            new Analysis("DFG estimé (CKD-EPI)", "mL/min/1,73m²", 60, 120, 0, "BIOCHIMIE"),
            new Analysis("Glycémie à jeun", "mmol/L", 3.9, 6.1, 2, "BIOCHIMIE"),
            new Analysis("Hémoglobine glyquée (HbA1c)", "%", 4, 6, 1, "BIOCHIMIE"),
            new Analysis("Cholestérol total", "mmol/L", 3.5, 6.5, 2, "BIOCHIMIE"),
            new Analysis("HDL-cholestérol", "mmol/L", 1.0, 2.0, 2, "BIOCHIMIE"),
            new Analysis("LDL-cholestérol calculé", "mmol/L", 1.5, 4.1, 2, "BIOCHIMIE"),
            new Analysis("Triglycérides", "mmol/L", 0.5, 1.7, 2, "BIOCHIMIE"),
            new Analysis("ASAT", "UI/L", 10, 40, 0, "BIOCHIMIE"),
            new Analysis("ALAT", "UI/L", 7, 56, 0, "BIOCHIMIE"),
            new Analysis("Gamma-GT", "UI/L", 8, 61, 0, "BIOCHIMIE"),
            new Analysis("Phosphatases alcalines", "UI/L", 40, 130, 0, "BIOCHIMIE"),
            new Analysis("Bilirubine totale", "µmol/L", 3, 21, 0, "BIOCHIMIE"),
            new Analysis("Protéine C réactive (CRP)", "mg/L", 0, 5, 1, "BIOCHIMIE"),
            new Analysis("Ferritine", "µg/L", 30, 300, 0, "BIOCHIMIE"),
            new Analysis("Calcium", "mmol/L", 2.2, 2.6, 2, "BIOCHIMIE"),
            new Analysis("Albumine", "g/L", 35, 50, 1, "BIOCHIMIE"),
            new Analysis("TSH", "mUI/L", 0.4, 4.0, 2, "HORMONOLOGIE"),
            new Analysis("T4 libre", "pmol/L", 12, 22, 1, "HORMONOLOGIE"),
            new Analysis("PSA total", "ng/mL", 0, 4, 2, "MARQUEURS"),
            new Analysis("25-OH vitamine D", "nmol/L", 75, 200, 0, "VITAMINES"),
            new Analysis("Troponine Ic hypersensible", "ng/L", 0, 26, 0, "BIOCHIMIE"),
            new Analysis("NT-proBNP", "ng/L", 0, 125, 0, "BIOCHIMIE"),
            new Analysis("D-dimères", "µg/L", 0, 500, 0, "HÉMOSTASE"));

    /** Prescription labels of common analyses (what a PRESC-BIO asks for). */
    static final List<String> LAB_ORDERS = List.of("NFS, plaquettes", "ionogramme sanguin (Na, K, Cl)",
            "créatininémie avec estimation du DFG (CKD-EPI)", "glycémie à jeun", "hémoglobine glyquée (HbA1c)",
            "bilan lipidique (EAL) à jeun", "bilan hépatique (ASAT, ALAT, gamma-GT, PAL, bilirubine)", "CRP",
            "TSH", "ferritinémie", "25-OH vitamine D", "PSA total", "TP, INR", "INR (patient sous AVK)", "urée",
            "ECBU", "microalbuminurie sur échantillon", "sérologie VIH 1 et 2", "sérologies hépatites B et C",
            "bêta-HCG plasmatique", "vitesse de sédimentation", "calcémie, albuminémie", "NT-proBNP", "uricémie",
            "sérologie toxoplasmose", "groupe sanguin ABO, RhD, phénotype, RAI");
}
