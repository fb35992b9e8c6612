package fr.dmp.ingest.tools.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The random choices of one synthetic document: plain picks, split-aware picks ({@link #variant}) and
 * the per-document conventions (decimal mark, date format, list bullet) that a real sender keeps
 * within one document. Everything comes from the one {@link Random}, so a seed gives one text.
 */
final class Gen {

    private static final String[] MONTHS = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
            "août", "septembre", "octobre", "novembre", "décembre"};

    final Random r;
    final ClinicalTexts.Split split;
    /** The document's date: everything else is dated around it. */
    final LocalDate day;
    final char decimal;
    private final int dateStyle;
    final String bullet;
    final String colon;
    final boolean female;
    /** Set by {@link TextDoc#render}: whether the written text kept a title line. */
    boolean titled;
    /** Asks {@link TextDoc#render} to leave the title out (the random choices stay the same). */
    boolean untitled;
    Person patient;

    /** A made-up person: names from {@link Lexicon}, never a real one. */
    record Person(String surname, String first, boolean female, LocalDate birth) {
        String civility() {
            return female ? "Mme" : "M.";
        }

        String nee() {
            return female ? "née" : "né";
        }
    }

    Gen(Random r, ClinicalTexts.Split split) {
        this.r = r;
        this.split = split;
        this.day = LocalDate.of(2019, 1, 7).plusDays(r.nextInt(2700));
        this.decimal = r.nextInt(5) == 0 ? '.' : ',';
        this.dateStyle = index(5);
        this.bullet = variant("- ", "", "• ", "* ", "  - ", "o ", "> ");
        this.colon = r.nextInt(3) == 0 ? ":" : " :";
        this.female = r.nextBoolean();
        this.patient = person(female, day.minusYears(18 + r.nextInt(75)).minusDays(r.nextInt(365)));
    }

    // ---------------------------------------------------------------- picks

    int index(int n) {
        return r.nextInt(n);
    }

    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    int between(int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    /**
     * A pick that keeps the last third of the options (at least one, for four options or more) out of
     * the training split and favours them in the evaluation split (60 %), so that the evaluation meets
     * wordings and layouts the training never saw. Put the usual wording first, the rarer ones last.
     */
    @SafeVarargs
    final <T> T variant(T... options) {
        return options[variantIndex(options.length)];
    }

    <T> T variant(List<T> options) {
        return options.get(variantIndex(options.size()));
    }

    /** {@link #variant} over the indexes 0..n-1. */
    int variantIndex(int n) {
        int held = n >= 4 ? Math.max(1, n / 3) : 0;
        return switch (split) {
            case TRAIN -> r.nextInt(n - held);
            case EVAL -> held > 0 && r.nextDouble() < 0.6 ? n - held + r.nextInt(held) : r.nextInt(n);
            case ALL -> r.nextInt(n);
        };
    }

    /** Between min and max distinct elements, in the list's order. */
    <T> List<T> some(List<T> options, int min, int max) {
        int n = Math.min(options.size(), between(min, max));
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            idx.add(i);
        }
        java.util.Collections.shuffle(idx, r);
        List<Integer> chosen = new ArrayList<>(idx.subList(0, n));
        java.util.Collections.sort(chosen);
        List<T> out = new ArrayList<>(n);
        for (int i : chosen) {
            out.add(options.get(i));
        }
        return out;
    }

    /** Between min and max distinct elements, shuffled. */
    <T> List<T> shuffled(List<T> options, int min, int max) {
        List<T> out = some(options, min, max);
        java.util.Collections.shuffle(out, r);
        return out;
    }

    // ---------------------------------------------------------------- formatting

    String num(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return decimal == ',' ? s.replace('.', ',') : s;
    }

    String date(LocalDate d) {
        return switch (dateStyle) {
            case 0, 1 -> String.format("%02d/%02d/%04d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
            case 2 -> d.getDayOfMonth() + " " + MONTHS[d.getMonthValue() - 1] + " " + d.getYear();
            case 3 -> String.format("%02d.%02d.%04d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
            default -> String.format("%02d/%02d/%02d", d.getDayOfMonth(), d.getMonthValue(), d.getYear() % 100);
        };
    }

    String date() {
        return date(day);
    }

    String time() {
        int h = between(7, 21);
        int m = 5 * r.nextInt(12);
        return pick(String.format("%02dh%02d", h, m), String.format("%02d:%02d", h, m), String.format("%d h %02d", h, m));
    }

    /** Vital signs as a nurse or a doctor notes them, in one of a few notations. */
    String vitals(boolean full) {
        int sys = between(100, 170);
        int dia = between(55, 98);
        int fc = between(52, 118);
        String ta = pick("TA ", "PA ", "Pression artérielle ") + sys + "/" + dia + pick(" mmHg", "", " mm Hg");
        String hr = pick("FC ", "pouls ", "fréquence cardiaque ") + fc + pick(" /min", " bpm", "/mn", " battements/min");
        if (!full) {
            return ta + ", " + hr;
        }
        return ta + ", " + hr + ", " + pick("SpO2 ", "SaO2 ", "saturation ") + between(90, 100) + " %" + pick("", " en air ambiant", " AA")
                + ", " + pick("T° ", "température ", "T ") + num(between(360, 392) / 10.0, 1) + " °C";
    }

    String list(List<String> items) {
        StringBuilder sb = new StringBuilder();
        for (String item : items) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(bullet).append(item);
        }
        return sb.toString();
    }

    /** Items joined in a sentence: "a, b et c". */
    static String enumerate(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " et " + items.get(items.size() - 1);
    }

    /** "de X" with the elision French requires: "d'apixaban", "de ramipril". */
    static String de(String s) {
        return s.isEmpty() ? "de" : "aeiouyhéèêàâîôûAEIOUYHÉÈÊÀÂÎÔÛ".indexOf(s.charAt(0)) >= 0 ? "d'" + s : "de " + s;
    }

    static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---------------------------------------------------------------- people and places

    Person person(boolean female, LocalDate birth) {
        return new Person(pick(Lexicon.SURNAMES), pick(female ? Lexicon.FEMALE : Lexicon.MALE), female, birth);
    }

    /** Replaces the patient when the document needs another sex or a younger adult (a caesarean, a prostate biopsy). */
    void requirePatient(boolean female, int maxAge) {
        if (patient.female() != female || age(patient) > maxAge) {
            patient = person(female, day.minusYears(18 + r.nextInt(Math.max(1, maxAge - 18))).minusDays(r.nextInt(365)));
        }
    }

    void requireSex(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("sein") || t.contains("frottis") || t.contains("mammo") || t.contains("sénologie")) {
            requirePatient(true, 99);
        } else if (t.contains("césarienne")) {
            requirePatient(true, 44);
        } else if (t.contains("prostat") || t.contains("uro-oncologie")) {
            requirePatient(false, 99);
        }
    }

    Person child() {
        boolean f = r.nextBoolean();
        return person(f, day.minusYears(1 + r.nextInt(15)).minusDays(r.nextInt(365)));
    }

    int age(Person p) {
        return java.time.Period.between(p.birth(), day).getYears();
    }

    /** "Patient FICTIF Zoé", "Mme FICTIF Zoé, née le 03/04/1956", ... */
    String patientLine(Person p) {
        String name = p.surname() + " " + p.first();
        return switch (index(8)) {
            case 0 -> "Patient" + (p.female() ? "e" : "") + colon + " " + name + ", " + p.nee() + " le " + date(p.birth());
            case 1 -> p.civility() + " " + name + " (" + age(p) + " ans)";
            case 2 -> "Nom" + colon + " " + p.surname() + "   Prénom" + colon + " " + p.first() + "   Date de naissance" + colon + " "
                    + date(p.birth());
            case 3 -> "Concerne" + colon + " " + p.civility() + " " + name + ", " + p.nee() + " le " + date(p.birth());
            case 4 -> "Patient " + name + " - " + age(p) + " ans";
            case 5 -> p.civility() + " " + p.first() + " " + p.surname() + ", " + age(p) + " ans";
            case 6 -> "Identité" + colon + " " + name + " / DDN " + date(p.birth()) + " / Sexe " + (p.female() ? "F" : "M");
            default -> name + " " + p.nee() + " le " + date(p.birth());
        };
    }

    String patientLine() {
        return patientLine(patient);
    }

    /** A local identifier line (never an INS: at most 10 digits). */
    String idLine() {
        return pick("IPP" + colon + " " + between(100000, 999999),
                "N° dossier" + colon + " " + between(1000000, 9999999),
                "IPP " + between(10000, 99999) + " - Séjour " + (day.getYear() * 100000L + between(1000, 99999)),
                "Réf." + colon + " " + pick("A", "B", "C", "HX", "DM") + between(10000, 99999));
    }

    private String author;

    /** The one doctor who writes and signs this document. */
    String author() {
        if (author == null) {
            author = doctor();
        }
        return author;
    }

    String doctor() {
        String s = pick(Lexicon.DOCTORS);
        return switch (index(5)) {
            case 0 -> "Dr " + s;
            case 1 -> "Docteur " + pick(Lexicon.FEMALE) + " " + s;
            case 2 -> "Dr " + pick(Lexicon.MALE).charAt(0) + ". " + s;
            case 3 -> "Pr " + s;
            default -> "Dr " + pick(Lexicon.MALE) + " " + s;
        };
    }

    String city() {
        return pick(Lexicon.CITIES);
    }

    String hospital() {
        String c = city();
        return pick("Centre Hospitalier Fictif " + de(c), "CHU Imaginaire " + de(c), "Hôpital de Démonstration " + de(c),
                "Clinique Exemple " + de(c), "Groupe Hospitalier Essai-" + c, "Polyclinique Factice du Val d'Essai",
                "Centre Hospitalier Maquette " + de(c), "Hôpital Privé Simulé " + de(c));
    }

    String address() {
        return between(1, 120) + " " + pick("rue de l'Exemple", "avenue du Test", "boulevard Fictif", "place de la Maquette",
                "chemin des Essais", "allée du Prototype", "quai Imaginaire") + ", 99" + between(100, 999) + " " + city();
    }

    String phone() {
        return String.format("0%d 00 00 %02d %02d", between(1, 5), between(10, 99), between(10, 99));
    }

    String rpps() {
        return "RPPS " + (10000000000L + between(0, 99999));
    }

    String service() {
        return pick(Lexicon.SERVICES);
    }
}
