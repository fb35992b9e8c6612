package fr.dmp.ingest.format.hprim;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The records of one decoded HPRIM Santé message: the delimiters are read from its H record, each
 * {@code A} continuation line is appended to the record before it (the continuation joins that
 * record's last field: the text after {@code A|} is concatenated as is), blank lines are skipped.
 * Fields are numbered as in the HPRIM recommendation: the record type is field 1, so {@code H.2} is
 * the delimiter declaration and {@code P.8} the birth date.
 *
 * <p>Splitting happens on the raw text (fields, then repetitions, components, sub-components) and
 * escape sequences are resolved in each leaf only, with the declared escape character: {@code \F\}
 * field, {@code \S\} component, {@code \R\} repetition, {@code \E\} escape, {@code \T\}
 * sub-component, {@code \.br\} line break, {@code \Xhh…\} hexadecimal ISO-8859-1 characters. An
 * unknown or unterminated sequence is kept as written and counted as a repair.
 */
public final class HprimRecords {

    /** A message that cannot be tokenised; the detail names no patient data. */
    public static final class Corrupt extends Exception {
        public Corrupt(String detail) {
            super(detail, null, false, false);
        }
    }

    private final HprimDelimiters delimiters;
    private final List<Record> records;
    private int repairs;

    private HprimRecords(HprimDelimiters delimiters) {
        this.delimiters = delimiters;
        this.records = new ArrayList<>();
    }

    public HprimDelimiters delimiters() {
        return delimiters;
    }

    public List<Record> records() {
        return records;
    }

    /** Lenient repairs made so far: unknown or unterminated escape sequences, and those a reader counts. */
    public int repairs() {
        return repairs;
    }

    /** Counts a repair a reader made on this message. */
    public void repair() {
        repairs++;
    }

    /** Tokenises a decoded message whose first non-blank line is its H record. */
    public static HprimRecords parse(String message) throws Corrupt {
        List<StringBuilder> raw = new ArrayList<>();
        HprimRecords result = null;
        for (int[] span : HprimLines.spans(message, 0)) {
            String line = message.substring(span[0], span[1]);
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            if (result == null) {
                HprimDelimiters d = HprimDelimiters.parse(line)
                        .orElseThrow(() -> new Corrupt("H record without a readable delimiter declaration"));
                result = new HprimRecords(d);
                raw.add(new StringBuilder(line));
                continue;
            }
            char sep = result.delimiters.field();
            if (line.charAt(0) == 'A' && (line.length() == 1 || line.charAt(1) == sep)) {
                raw.get(raw.size() - 1).append(line.length() > 2 ? line.substring(2) : "");
            } else {
                raw.add(new StringBuilder(line));
            }
        }
        if (result == null) {
            throw new Corrupt("no H record");
        }
        for (StringBuilder r : raw) {
            result.records.add(result.new Record(split(r.toString(), result.delimiters.field())));
        }
        return result;
    }

    /** One record, its fields kept raw until asked for. */
    public final class Record {

        private final List<String> fields;

        private Record(List<String> fields) {
            this.fields = fields;
        }

        /** The record type as written before the first field separator (H, P, OBR, OBX, C, L …). */
        public String type() {
            return fields.get(0);
        }

        /** Field {@code n} (type = 1) as written, "" when absent. */
        public String raw(int n) {
            return n >= 1 && n <= fields.size() ? fields.get(n - 1) : "";
        }

        /** The repetitions of field {@code n}, raw; none when the field is empty. */
        public List<String> repetitions(int n) {
            String f = raw(n);
            return f.isEmpty() ? List.of() : split(f, delimiters.repetition());
        }

        /** The components of a raw repetition, raw. */
        public List<String> components(String repetition) {
            return split(repetition, delimiters.component());
        }

        /** The first component of the first repetition of field {@code n}, unescaped, or null when blank. */
        public String value(int n) {
            return component(n, 1);
        }

        /** Component {@code c} (from 1) of the first repetition of field {@code n}, unescaped, or null. */
        public String component(int n, int c) {
            List<String> reps = repetitions(n);
            if (reps.isEmpty()) {
                return null;
            }
            List<String> comps = components(reps.get(0));
            return c <= comps.size() ? leaf(comps.get(c - 1)) : null;
        }

        /** A raw component: sub-components unescaped and joined back; stripped; null when blank. */
        public String leaf(String rawComponent) {
            String v = unescape(rawComponent);
            return v.isBlank() ? null : v.strip();
        }

        /** Raw text with its escape sequences resolved, separators left as written. */
        public String unescaped(String raw) {
            return unescape(raw);
        }

        /** The sub-components of a raw component, unescaped (one when none is declared). */
        public List<String> subComponents(String rawComponent) {
            if (delimiters.subComponent() == HprimDelimiters.NONE) {
                return List.of(unescape(rawComponent));
            }
            List<String> out = new ArrayList<>();
            for (String s : split(rawComponent, delimiters.subComponent())) {
                out.add(unescape(s));
            }
            return out;
        }

        /** How many fields the record has, type included. */
        public int size() {
            return fields.size();
        }
    }

    private static final Pattern HEX = Pattern.compile("X(?:[0-9A-Fa-f]{2})+");

    /** Resolves escape sequences written with the declared escape character. */
    String unescape(String s) {
        char esc = delimiters.escape();
        int first = s.indexOf(esc);
        if (first < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        sb.append(s, 0, first);
        int i = first;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != esc) {
                sb.append(c);
                i++;
                continue;
            }
            int j = s.indexOf(esc, i + 1);
            if (j < 0) {
                sb.append(s, i, s.length()); // unterminated: kept as written
                repairs++;
                break;
            }
            String seq = s.substring(i + 1, j);
            switch (seq) {
                case "F" -> sb.append(delimiters.field());
                case "S" -> sb.append(delimiters.component());
                case "R" -> sb.append(delimiters.repetition());
                case "E" -> sb.append(delimiters.escape());
                case "T" -> sb.append(delimiters.subComponent() == HprimDelimiters.NONE ? '&' : delimiters.subComponent());
                case ".br", ".sp" -> sb.append('\n');
                case "H", "N" -> { } // highlighting on/off: no meaning in plain text
                default -> {
                    if (HEX.matcher(seq).matches()) {
                        for (int k = 1; k < seq.length(); k += 2) {
                            sb.append((char) Integer.parseInt(seq.substring(k, k + 2), 16));
                        }
                    } else {
                        sb.append(s, i, j + 1);
                        repairs++;
                    }
                }
            }
            i = j + 1;
        }
        return sb.toString();
    }

    /** Splits on one character, keeping empty parts (unlike String.split). */
    static List<String> split(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                parts.add(s.substring(from));
                return parts;
            }
            parts.add(s.substring(from, at));
            from = at + 1;
        }
    }
}
