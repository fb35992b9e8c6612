package fr.dmp.ingest.tools.generate;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.domain.Sex;

import java.time.LocalDate;
import java.util.List;

/**
 * A made-up patient: a structurally valid INS (test OID) and names that are obviously not a real
 * person's. Never real patient data.
 */
public record SyntheticPatient(String ins, String birthName, List<String> firstNames, Sex sex, LocalDate birthDate,
                               String birthPlace) {

    public static final String TEST_OID = "1.2.250.1.213.1.4.10";

    @Override
    public String toString() {
        return "SyntheticPatient[" + Ins.mask(ins) + "]";
    }
}
