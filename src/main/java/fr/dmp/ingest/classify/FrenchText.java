package fr.dmp.ingest.classify;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * French text to features, in four blocks that the model weighs apart ({@link TypeModel}):
 * <ul>
 *   <li>body: Lucene's French analyser (elision, lower case, stop words, light stemming), each stem and
 *       each pair of consecutive stems ({@code a_b}), medical abbreviations expanded as extra words
 *       (CRH → compte rendu hospitalisation, NFS → numération formule sanguine, ...;
 *       {@code classify/abbreviations.csv});</li>
 *   <li>{@code t:} the stems of the title block (the first lines), so that a title counts apart from a
 *       body sentence that merely mentions another document ("... la lettre de liaison");</li>
 *   <li>{@code h:} the stems of section headings (short lines, or the words before a colon);</li>
 *   <li>{@code c:} character 4-grams inside the words of the head ({@link #GRAM_CHARS}) (accents and case folded), which still
 *       match through typos and OCR misreadings.</li>
 * </ul>
 * Numbers are dropped: they identify patients and dates, not document types.
 */
public final class FrenchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Analyzer ANALYZER = new FrenchAnalyzer();
    /** Long documents are cut: the head decides the type, and it bounds the cost per document. */
    static final int MAX_CHARS = 20_000;
    /** The title block: the first lines with letters, at most this many characters. */
    static final int TITLE_LINES = 5;
    static final int TITLE_CHARS = 300;
    static final int HEADING_CHARS = 50;
    /** Character n-grams: 4 letters, within the words of the first characters (they cost most of the time). */
    static final int GRAM_MIN = 4;
    static final int GRAM_MAX = 4;
    static final int GRAM_CHARS = 3000;
    static final int WORD_MIN = 3;
    static final int WORD_MAX = 24;
    private static final Map<String, String> ABBREVIATIONS = abbreviations();

    private FrenchText() {
    }

    private static Map<String, String> abbreviations() {
        Map<String, String> m = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                FrenchText.class.getResourceAsStream("/classify/abbreviations.csv"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("abbreviation,")) {
                    continue;
                }
                int comma = line.indexOf(',');
                m.put(line.substring(0, comma).strip().toUpperCase(Locale.ROOT), line.substring(comma + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** The text with each known abbreviation followed by its expansion ("CRH" → "CRH compte rendu d'hospitalisation"). */
    static String expandAbbreviations(String text) {
        StringBuilder sb = null;
        int copied = 0;
        int n = text.length();
        for (int i = 0; i < n; ) {
            if (!Character.isLetterOrDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            boolean upper = true;
            while (j < n && Character.isLetterOrDigit(text.charAt(j))) {
                upper &= !Character.isLowerCase(text.charAt(j));
                j++;
            }
            // only the upper-case spelling: "ide" or "ras" in lower case may be plain words
            if (upper && j - i >= 2 && j - i <= 7) {
                String expansion = ABBREVIATIONS.get(text.substring(i, j));
                if (expansion != null) {
                    if (sb == null) {
                        sb = new StringBuilder(n + 256);
                    }
                    sb.append(text, copied, j).append(' ').append(expansion).append(' ');
                    copied = j;
                }
            }
            i = j;
        }
        return sb == null ? text : sb.append(text, copied, n).toString();
    }

    /** Stems of the text, in order, accents removed after stemming so that OCR/legacy text without accents matches. */
    public static List<String> stems(String text) {
        return placedStems(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text).stems();
    }

    /** A loop, not {@code chars().anyMatch}: a stream per token was 6 % of the features' time (JFR, round 18). */
    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Term counts of every block (body unigrams and bigrams, t:, h:, c:). */
    public static Map<String, Integer> features(String text) {
        String t = expandAbbreviations(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
        Map<String, Integer> counts = new HashMap<>();
        ngrams(stems(t), "", counts);
        ngrams(stems(titleBlock(t)), "t:", counts);
        ngrams(stems(headings(t)), "h:", counts);
        Map<String, Integer> words = new HashMap<>();
        String head = gramHead(t);
        words(head, (start, end) -> words.merge(head.substring(start, end), 1, Integer::sum));
        StringBuilder gram = new StringBuilder(8);
        for (Map.Entry<String, Integer> e : words.entrySet()) {
            String word = "<" + e.getKey() + ">";
            for (int n = GRAM_MIN; n <= GRAM_MAX; n++) {
                for (int i = 0; i + n <= word.length(); i++) {
                    gram.setLength(0);
                    gram.append("c:").append(word, i, i + n);
                    counts.merge(gram.toString(), e.getValue(), Integer::sum);
                }
            }
        }
        return counts;
    }

    private static void ngrams(List<String> stems, String prefix, Map<String, Integer> counts) {
        for (int i = 0; i < stems.size(); i++) {
            counts.merge(prefix + stems.get(i), 1, Integer::sum);
            if (i > 0) {
                counts.merge(prefix + stems.get(i - 1) + "_" + stems.get(i), 1, Integer::sum);
            }
        }
    }

    /** The first lines that hold letters (the letterhead and the title, usually). */
    static String titleBlock(String text) {
        StringBuilder sb = new StringBuilder();
        int lines = 0;
        for (String line : text.split("\n")) {
            if (letters(line, 1) == 0) {
                continue;
            }
            sb.append(line.strip()).append('\n');
            if (++lines >= TITLE_LINES || sb.length() >= TITLE_CHARS) {
                break;
            }
        }
        return sb.length() > TITLE_CHARS ? sb.substring(0, TITLE_CHARS) : sb.toString();
    }

    /** The letters of a line (UTF-16 units, as {@code chars()} counts them), counted up to {@code enough}. */
    private static int letters(String line, int enough) {
        int found = 0;
        for (int i = 0; i < line.length() && found < enough; i++) {
            if (Character.isLetter(line.charAt(i))) {
                found++;
            }
        }
        return found;
    }

    /** Section headings: short lines, and the words before a colon at the start of a line. */
    static String headings(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            String l = line.strip();
            int colon = l.indexOf(':');
            if (colon > 0 && colon <= HEADING_CHARS) {
                sb.append(l, 0, colon).append('\n');
            } else if (!l.isEmpty() && l.length() <= HEADING_CHARS && letters(l, 4) >= 4) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    /** Text without diacritics (é → e), for features and title cues. */
    public static String fold(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            return s; // plain ASCII: nothing to fold (most stems)
        }
        StringBuilder sb = new StringBuilder(n).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                sb.append(c);
            } else if (!Character.isSurrogate(c)) {
                sb.append(folded(c));
            } else {
                return slowFold(s); // a pair of surrogates: the full Unicode decomposition of the whole
            }
        }
        return sb.toString();
    }

    /**
     * {@link #slowFold} of one character, kept once found. A decomposition is one character's, and canonical reordering
     * moves only marks, which are dropped: the fold of a text is the folds of its characters (past Latin Extended-A, a
     * typographic apostrophe had sent the whole head through the Normalizer and a regex, JFR, round 21).
     */
    private static String folded(char c) {
        String f = FOLDED[c];
        if (f == null) {
            f = slowFold(String.valueOf(c));
            FOLDED[c] = f; // a benign race: every thread computes the same immutable string
        }
        return f;
    }

    private static final String[] FOLDED = new String[Character.MAX_VALUE + 1];

    private static String slowFold(String s) {
        return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
    }

    // ---- hashed features (scoring) -------------------------------------------------------------

    private static final long BODY = FeatureHashes.START;
    private static final long TITLE = FeatureHashes.of("t:");
    private static final long HEADING = FeatureHashes.of("h:");
    private static final long GRAM = FeatureHashes.of("c:");

    /**
     * The same features as {@link #features}, each as the hash of its name ({@link FeatureHashes}) with
     * its count, without building a string per bigram or n-gram: what scoring uses.
     */
    static FeatureHashes.Table hashedFeatures(String text) {
        String t = expandAbbreviations(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
        FeatureHashes.Table counts = new FeatureHashes.Table(2048);
        if (t.length() > MAX_CHARS) { // expansions pushed it past the cut: the body is analysed cut, the title and headings not
            hashedNgrams(stems(t), BODY, counts);
            hashedNgrams(stems(titleBlock(t)), TITLE, counts);
            hashedNgrams(stems(headings(t)), HEADING, counts);
        } else {
            Placed body = placedStems(t);
            hashedNgrams(body.stems(), BODY, counts);
            hashedNgrams(titleStems(t, body), TITLE, counts);
            hashedNgrams(headingStems(t, body), HEADING, counts);
        }
        String head = gramHead(t);
        words(head, (start, end) -> hashedGrams(head, start, end, counts));
        return counts;
    }

    /**
     * Stems with where each began in the text. A line break always ends a word (Unicode word boundaries, rules WB3a and
     * WB3b, which Lucene's tokenizer follows) and every filter of the analyser looks at one token, so a whole line's stems
     * are the same read alone or in the text: the title block and the headings take theirs from the body's analysis
     * rather than analysing their lines again (they were a tenth of classifying a sample PDF, JFR, issue 13, round 21).
     * HashedFeaturesTest holds the result to {@link #features}.
     */
    record Placed(List<String> stems, int[] starts) {

        /** Appends the stems that begin in text[from, to) (a line's, in order). */
        void within(int from, int to, List<String> out) {
            int i = firstAtOrAfter(from);
            for (; i < stems.size() && starts[i] < to; i++) {
                out.add(stems.get(i));
            }
        }

        private int firstAtOrAfter(int offset) {
            int lo = 0;
            int hi = stems.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] < offset) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /**
     * The stems of a text of at most {@link #MAX_CHARS} ({@link #ANALYZER}; words of one letter or with a digit left
     * out), each with where it began.
     */
    static Placed placedStems(String text) {
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("longer than " + MAX_CHARS);
        }
        List<String> out = new ArrayList<>();
        int[] starts = new int[64];
        try (TokenStream ts = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String s = term.toString();
                if (s.length() < 2 || hasDigit(s)) {
                    continue;
                }
                if (out.size() == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, starts.length * 2);
                }
                starts[out.size()] = offset.startOffset();
                out.add(fold(s));
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Placed(out, starts);
    }

    /** {@code stems(titleBlock(t))}, whole lines taken from the body's stems. */
    static List<String> titleStems(String t, Placed body) {
        List<String> out = new ArrayList<>();
        int length = 0; // of the title block so far, each line stripped and followed by a line break
        int lines = 0;
        for (int start = 0; start <= t.length(); ) {
            int newline = t.indexOf('\n', start);
            int end = newline < 0 ? t.length() : newline;
            if (letters(t, start, end, 1) > 0) {
                int from = stripStart(t, start, end);
                int to = stripEnd(t, from, end);
                int kept = Math.min(to - from, TITLE_CHARS - length); // the block is cut at TITLE_CHARS
                if (kept == to - from) {
                    body.within(from, to, out);
                } else {
                    out.addAll(stems(t.substring(from, from + kept)));
                }
                length += to - from + 1;
                if (++lines >= TITLE_LINES || length >= TITLE_CHARS) {
                    break;
                }
            }
            if (newline < 0) {
                break;
            }
            start = newline + 1;
        }
        return out;
    }

    /** {@code stems(headings(t))}: short lines from the body's stems, the words before a colon analysed alone, together. */
    static List<String> headingStems(String t, Placed body) {
        List<int[]> parts = new ArrayList<>(); // {from, to, 0}: a line of the body; {from, to, 1}: before a colon
        StringBuilder beforeColons = new StringBuilder();
        for (int start = 0; start <= t.length(); ) {
            int newline = t.indexOf('\n', start);
            int end = newline < 0 ? t.length() : newline;
            int from = stripStart(t, start, end);
            int to = stripEnd(t, from, end);
            int colon = colonIn(t, from, Math.min(to, from + HEADING_CHARS + 1));
            if (colon > from) {
                // "a:b" is one word in a line ("Motif:douleur"), two here: these are analysed again
                parts.add(new int[] {beforeColons.length(), beforeColons.length() + colon - from, 1});
                beforeColons.append(t, from, colon).append('\n');
            } else if (to > from && to - from <= HEADING_CHARS && letters(t, from, to, 4) >= 4) {
                parts.add(new int[] {from, to, 0});
            }
            if (newline < 0) {
                break;
            }
            start = newline + 1;
        }
        Placed colons = beforeColons.length() == 0 ? null : placedStems(beforeColons.toString());
        List<String> out = new ArrayList<>();
        for (int[] part : parts) {
            (part[2] == 0 ? body : colons).within(part[0], part[1], out);
        }
        return out;
    }

    /** The first ':' in text[from, to), or -1. */
    private static int colonIn(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == ':') {
                return i;
            }
        }
        return -1;
    }

    /** The letters of text[from, to) (UTF-16 units, as {@link #letters(String, int)}), counted up to {@code enough}. */
    private static int letters(String text, int from, int to, int enough) {
        int found = 0;
        for (int i = from; i < to && found < enough; i++) {
            if (Character.isLetter(text.charAt(i))) {
                found++;
            }
        }
        return found;
    }

    /** Where {@code strip()} would begin text[from, to) (white space is in the BMP, so a char test is the code point's). */
    private static int stripStart(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int stripEnd(String text, int from, int to) {
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    /** Where the character grams are taken: the first characters, accents and case folded. */
    private static String gramHead(String text) {
        return fold(text.length() > GRAM_CHARS ? text.substring(0, GRAM_CHARS) : text).toLowerCase(Locale.ROOT);
    }

    /** A word of {@link #words}: head[start, end). */
    interface WordSpan {
        void at(int start, int end);
    }

    /**
     * The words of the character grams: each run of letters (code points), cut every {@value #WORD_MAX}, a rest under
     * {@value #WORD_MIN} dropped — what a matcher of {@code \p{L}{3,24}} finds (HashedFeaturesTest holds it to one);
     * a loop, not the matcher, which was 6 % of the features' time (JFR, round 18).
     */
    static void words(String head, WordSpan each) {
        int n = head.length();
        for (int i = 0; i < n; ) {
            int cp = head.codePointAt(i);
            if (!Character.isLetter(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            int letters = 0;
            while (i < n && Character.isLetter(cp = head.codePointAt(i))) {
                i += Character.charCount(cp);
                if (++letters == WORD_MAX) {
                    each.at(start, i);
                    start = i;
                    letters = 0;
                }
            }
            if (letters >= WORD_MIN) {
                each.at(start, i);
            }
        }
    }

    /** The character n-grams of the word head[start, end), between '<' and '>'. */
    private static void hashedGrams(String head, int start, int end, FeatureHashes.Table counts) {
        int from = start - 1; // the '<' before the word
        int to = end + 1;     // the '>' after it
        for (int n = GRAM_MIN; n <= GRAM_MAX; n++) {
            for (int i = from; i + n <= to; i++) {
                long h = GRAM;
                for (int j = i; j < i + n; j++) {
                    h = FeatureHashes.add(h, j == from ? '<' : j == to - 1 ? '>' : head.charAt(j));
                }
                counts.add(h, 1);
            }
        }
    }

    private static void hashedNgrams(List<String> stems, long prefix, FeatureHashes.Table counts) {
        long previous = 0;
        for (int i = 0; i < stems.size(); i++) {
            long h = FeatureHashes.add(prefix, stems.get(i));
            counts.add(h, 1);
            if (i > 0) {
                counts.add(FeatureHashes.add(FeatureHashes.add(previous, '_'), stems.get(i)), 1);
            }
            previous = h;
        }
    }
}
