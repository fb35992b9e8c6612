package fr.dmp.ingest.format.hprim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The patients of one decoded HPRIM Santé message. HPRIM Santé follows ASTM E1394, where one message ({@code H} …
 * {@code L}) carries the results of several patients, each from its {@code P} record to the next {@code P} or the
 * {@code L}; laboratories export a day's results that way. Each patient becomes a message of its own, as written:
 * the lines before the first {@code P} (the {@code H} record), that patient's lines, and the {@code L} record and
 * what follows it. Lines are cut, never rewritten.
 */
final class HprimPatients {

    private HprimPatients() {
    }

    /** One message per patient, or the message alone when it has at most one {@code P} record. */
    static List<String> split(String message) {
        List<int[]> lines = HprimLines.spans(message, 0); // a line's terminator stays with it in the cuts
        Optional<HprimDelimiters> delimiters = Optional.empty();
        int headerEnd = -1;
        int tailStart = message.length();
        List<Integer> patientStarts = new ArrayList<>();
        for (int[] l : lines) {
            String line = message.substring(l[0], l[1]);
            if (line.isBlank()) {
                continue;
            }
            if (delimiters.isEmpty()) {
                delimiters = HprimDelimiters.parse(line);
                if (delimiters.isEmpty()) {
                    return List.of(message); // the reader says why
                }
                continue;
            }
            char sep = delimiters.get().field();
            String type = line.indexOf(sep) >= 0 ? line.substring(0, line.indexOf(sep)) : line.strip();
            if (type.equals("P")) {
                patientStarts.add(l[0]);
                if (headerEnd < 0) {
                    headerEnd = l[0];
                }
            } else if (type.equals("L") && !patientStarts.isEmpty()) {
                tailStart = l[0];
                break;
            }
        }
        if (patientStarts.size() <= 1) {
            return List.of(message);
        }
        String header = message.substring(0, headerEnd);
        String tail = message.substring(tailStart);
        List<String> out = new ArrayList<>(patientStarts.size());
        for (int i = 0; i < patientStarts.size(); i++) {
            int end = i + 1 < patientStarts.size() ? patientStarts.get(i + 1) : tailStart;
            out.add(header + message.substring(patientStarts.get(i), end) + tail);
        }
        return out;
    }
}
