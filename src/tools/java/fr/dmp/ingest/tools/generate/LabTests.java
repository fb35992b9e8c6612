package fr.dmp.ingest.tools.generate;

import java.util.List;
import java.util.Random;

/** A small table of common lab analyses (LOINC) for synthetic results. */
final class LabTests {

    record Test(String loinc, String label, String unit, double low, double high, int decimals) {
    }

    static final List<Test> TESTS = List.of(
            new Test("2345-7", "Glucose", "mmol/L", 3.9, 6.1, 2),
            new Test("2160-0", "Créatinine", "µmol/L", 45, 104, 0),
            new Test("718-7", "Hémoglobine", "g/dL", 12, 17, 1),
            new Test("6690-2", "Leucocytes", "10*9/L", 4, 10, 1),
            new Test("777-3", "Plaquettes", "10*9/L", 150, 400, 0),
            new Test("2093-3", "Cholestérol total", "mmol/L", 3.5, 6.5, 2),
            new Test("2085-9", "Cholestérol HDL", "mmol/L", 1.0, 2.0, 2),
            new Test("13457-7", "Cholestérol LDL calculé", "mmol/L", 1.5, 4.1, 2),
            new Test("2571-8", "Triglycérides", "mmol/L", 0.5, 1.7, 2),
            new Test("1742-6", "ALAT", "UI/L", 7, 56, 0),
            new Test("1920-8", "ASAT", "UI/L", 10, 40, 0),
            new Test("2951-2", "Sodium", "mmol/L", 136, 145, 0),
            new Test("2823-3", "Potassium", "mmol/L", 3.5, 5.1, 1),
            new Test("4548-4", "Hémoglobine glyquée", "%", 4, 6, 1),
            new Test("3016-3", "TSH", "mUI/L", 0.4, 4.0, 2),
            new Test("1988-5", "Protéine C réactive", "mg/L", 0, 5, 1),
            new Test("33914-3", "DFG estimé (CKD-EPI)", "mL/min/1.73m2", 60, 120, 0),
            new Test("2276-4", "Ferritine", "µg/L", 30, 300, 0),
            new Test("14979-9", "TCA", "s", 25, 35, 1),
            new Test("6301-6", "INR", "", 0.8, 1.2, 2));

    static final List<String[]> PANELS = List.of(
            new String[] {"24331-1", "Bilan lipidique"},
            new String[] {"58410-2", "Numération formule sanguine"},
            new String[] {"24323-8", "Bilan métabolique"},
            new String[] {"24325-3", "Bilan hépatique"},
            new String[] {"34555-3", "Ionogramme sanguin"});

    private LabTests() {
    }

    static Test pick(Random r) {
        return TESTS.get(r.nextInt(TESTS.size()));
    }

    static String value(Test t, Random r) {
        double span = t.high() - t.low();
        double v = t.low() - span * 0.2 + r.nextDouble() * span * 1.4;
        return String.format(java.util.Locale.ROOT, "%." + t.decimals() + "f", Math.max(0, v));
    }

    static String flag(Test t, String value) {
        double v = Double.parseDouble(value);
        return v < t.low() ? "L" : v > t.high() ? "H" : "N";
    }
}
