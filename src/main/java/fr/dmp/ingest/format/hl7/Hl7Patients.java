package fr.dmp.ingest.format.hl7;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The patients of one ORU^R01 message. HL7 lets one ORU carry the results of several patients (PATIENT_RESULT
 * repeats, each opened by its PID), as some laboratory systems batch them. Each patient becomes a message of its
 * own, as written: the segments before the first PID (MSH and what follows it) and that patient's segments, from
 * its PID to the next one. Segments are cut, never rewritten, so no patient's content holds another's results.
 */
final class Hl7Patients {

    private Hl7Patients() {
    }

    /** One message per patient, or an empty list when the message is not an ORU of several patients. */
    static List<byte[]> split(byte[] bytes, Hl7Messages.Slice slice) {
        String type = Hl7Messages.mshField(bytes, slice, 9);
        if (type == null || !type.startsWith("ORU")) {
            return List.of();
        }
        byte sep = bytes[slice.start() + 3];
        List<Integer> pids = new ArrayList<>();
        boolean segmentStart = true;
        for (int i = slice.start(); i < slice.end(); i++) {
            byte b = bytes[i];
            if (b == '\r' || b == '\n') {
                segmentStart = true;
                continue;
            }
            if (segmentStart && i + 3 < slice.end() && b == 'P' && bytes[i + 1] == 'I' && bytes[i + 2] == 'D' && bytes[i + 3] == sep) {
                pids.add(i);
            }
            segmentStart = false;
        }
        if (pids.size() <= 1) {
            return List.of();
        }
        byte[] header = Arrays.copyOfRange(bytes, slice.start(), pids.get(0));
        List<byte[]> out = new ArrayList<>(pids.size());
        for (int k = 0; k < pids.size(); k++) {
            int end = k + 1 < pids.size() ? pids.get(k + 1) : slice.end();
            byte[] part = Arrays.copyOf(header, header.length + end - pids.get(k));
            System.arraycopy(bytes, pids.get(k), part, header.length, end - pids.get(k));
            out.add(part);
        }
        return out;
    }
}
