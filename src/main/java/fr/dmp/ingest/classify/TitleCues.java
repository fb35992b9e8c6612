package fr.dmp.ingest.classify;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Title phrases that point strongly to a type ("COMPTE RENDU OPERATOIRE", "ORDONNANCE"), read from
 * {@code classify/title-cues.csv}. Matched in the head of the text, accents and case ignored.
 */
public final class TitleCues {

    /** How much of the text counts as its head, where titles are. */
    static final int HEAD_CHARS = 400;

    public record Cue(String phrase, String typeCode, double boost) {
    }

    private final List<Cue> cues;

    private TitleCues(List<Cue> cues) {
        this.cues = List.copyOf(cues);
    }

    public static TitleCues load(Catalogue catalogue) {
        List<Cue> cues = new ArrayList<>();
        try (Reader r = new InputStreamReader(TitleCues.class.getResourceAsStream("/classify/title-cues.csv"), StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                    .setIgnoreSurroundingSpaces(true).get().parse(r)) {
                String type = rec.get("typeCode");
                if (catalogue.type(type).isEmpty()) {
                    throw new IllegalStateException("title cue for unknown type " + type);
                }
                cues.add(new Cue(normalise(rec.get("phrase")), type, Double.parseDouble(rec.get("boost"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the longest phrase first: "LETTRE DE LIAISON A L'ENTREE" before "LETTRE DE LIAISON"
        cues.sort((a, b) -> Integer.compare(b.phrase().length(), a.phrase().length()));
        return new TitleCues(cues);
    }

    /** Every cue, the longest phrase first. */
    public List<Cue> cues() {
        return cues;
    }

    /** The strongest cue in the head of the text, if any. */
    public java.util.Optional<Cue> find(String text) {
        String head = normalise(text.length() > HEAD_CHARS ? text.substring(0, HEAD_CHARS) : text);
        for (Cue cue : cues) {
            if (head.contains(cue.phrase())) {
                return java.util.Optional.of(cue);
            }
        }
        return java.util.Optional.empty();
    }

    /** How far into the text a title line may be: after a letterhead and the patient's block. */
    static final int TITLE_LINE_CHARS = 1500;

    /**
     * Whether a line near the top begins with a cue of this type: the document's own title names it. A body sentence
     * that mentions "la lettre de liaison" does not begin its line with it. The longest cue that begins the line is the
     * one read, and a generic word (boost {@value #GENERIC_BOOST} or less: "ORDONNANCE", which heads lab, care and
     * medication prescriptions alike) names no one type: "ORDONNANCE D'EXAMENS DE BIOLOGIE" sent as a medication
     * prescription was kept as one against its content (round 9).
     */
    public boolean titled(String text, String typeCode) {
        String head = text.length() > TITLE_LINE_CHARS ? text.substring(0, TITLE_LINE_CHARS) : text;
        for (String line : head.split("\\R")) {
            String l = normalise(line).strip();
            Cue longest = null;
            for (Cue cue : cues) {
                if (l.startsWith(cue.phrase()) && (longest == null || cue.phrase().length() > longest.phrase().length())) {
                    longest = cue;
                }
            }
            if (longest != null && longest.typeCode().equals(typeCode) && longest.boost() > GENERIC_BOOST) {
                return true;
            }
        }
        return false;
    }

    /** A cue this weak is a generic word, not a title that names a type. */
    static final double GENERIC_BOOST = 2.0;

    static String normalise(String s) {
        return collapseSpaces(FrenchText.fold(s).toUpperCase(Locale.ROOT).replace('’', '\''));
    }

    /**
     * Each run of {@code [ \t\n\x0B\f\r]} as one space: what {@code replaceAll("\\s+", " ")} did, without compiling a
     * pattern for every document (a fortieth of classifying, JFR, issue 13, round 21).
     */
    static String collapseSpaces(String s) {
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!isSpace(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            int j = i + 1;
            while (j < n && isSpace(s.charAt(j))) {
                j++;
            }
            if (out == null) {
                if (c == ' ' && j == i + 1) {
                    continue; // a single space stays as it is
                }
                out = new StringBuilder(n).append(s, 0, i);
            }
            out.append(' ');
            i = j - 1;
        }
        return out == null ? s : out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
