package fr.dmp.ingest.format.hprim;

import java.util.ArrayList;
import java.util.List;

/** The lines of a decoded HPRIM text: CR, LF or CRLF end a line (HPRIM Santé and HPRIM Net alike). */
final class HprimLines {

    private HprimLines() {
    }

    /** Start and end (terminator excluded) of each line from {@code from}, blank lines included. */
    static List<int[]> spans(String text, int from) {
        List<int[]> out = new ArrayList<>();
        int i = from;
        int n = text.length();
        while (i < n) {
            int e = i;
            while (e < n && text.charAt(e) != '\r' && text.charAt(e) != '\n') {
                e++;
            }
            out.add(new int[] {i, e});
            i = e;
            if (i < n && text.charAt(i) == '\r') {
                i++;
            }
            if (i < n && text.charAt(i) == '\n') {
                i++;
            }
        }
        return out;
    }
}
