package fr.dmp.ingest.tools.generate;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.Sex;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A reproducible pool of synthetic patients, so that documents share dossiers. */
public final class SyntheticPatients {

    static final String[] BIRTH_NAMES = {"FICTIF", "ESSAI", "EXEMPLE", "DÉMO-TEST", "MAQUETTE", "SIMULÉ",
            "ÉCHANTILLON", "FAUXNOM", "PATIENT-TEST", "L'ESSAI", "TESTÉ", "FICTIVE-GRANDNOM"};
    static final String[] FEMALE = {"Zoé", "Hélène", "Anaïs", "Béatrice", "Gaëlle", "Cécile", "Maëlys", "Noémie"};
    static final String[] MALE = {"Jérôme", "François", "Noël", "Loïc", "Aurélien", "Maël", "Élie", "Gaëtan"};
    static final String[] BIRTH_PLACES = {"75056", "69123", "13055", "2A004", "2B033", "97411", "99134", "33063"};

    private SyntheticPatients() {
    }

    /**
     * {@code size} patients whose INS are all different: in a large pool two draws may build the same
     * matricule, and two people on one INS would be an identity mismatch, not two dossiers.
     */
    public static List<SyntheticPatient> pool(int size, long seed) {
        Random r = new Random(seed);
        List<SyntheticPatient> out = new ArrayList<>(size);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (out.size() < size) {
            SyntheticPatient p = patient(r);
            if (seen.add(p.ins())) {
                out.add(p);
            }
        }
        return out;
    }

    static SyntheticPatient patient(Random r) {
        Sex sex = r.nextBoolean() ? Sex.F : Sex.M;
        LocalDate birth = LocalDate.of(1930 + r.nextInt(90), 1 + r.nextInt(12), 1 + r.nextInt(28));
        String place = BIRTH_PLACES[r.nextInt(BIRTH_PLACES.length)];
        String ins = insFor(sex, birth, place, r);
        String[] names = sex == Sex.F ? FEMALE : MALE;
        List<String> first = new ArrayList<>();
        first.add(names[r.nextInt(names.length)]);
        if (r.nextInt(3) == 0) {
            String second = names[r.nextInt(names.length)];
            if (!first.contains(second)) {
                first.add(second);
            }
        }
        return new SyntheticPatient(ins, BIRTH_NAMES[r.nextInt(BIRTH_NAMES.length)], first, sex, birth, place);
    }

    /** A matricule with the structure of ins.md and a correct control key. */
    static String insFor(Sex sex, LocalDate birth, String place, Random r) {
        String dept;
        String commune;
        if (place.startsWith("97")) {
            dept = "97";
            commune = place.substring(2) ; // 3rd digit of the overseas département, then the commune
        } else if (place.startsWith("99")) {
            dept = "99";
            commune = place.substring(2);
        } else {
            dept = place.substring(0, 2);
            commune = place.substring(2);
        }
        String number = (sex == Sex.F ? "2" : "1")
                + String.format("%02d", birth.getYear() % 100)
                + String.format("%02d", birth.getMonthValue())
                + dept + commune
                + String.format("%03d", 1 + r.nextInt(999));
        return number + String.format("%02d", Ins.controlKey(number));
    }
}
