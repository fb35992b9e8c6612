package fr.dmp.ingest.classify;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * French text to features with Lucene's French analyser (elision, lower case, stop words, light
 * stemming): each stem, and each pair of consecutive stems as a bigram ({@code a_b}). Numbers are
 * dropped: they identify patients and dates, not document types.
 */
public final class FrenchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Analyzer ANALYZER = new FrenchAnalyzer();
    /** Long documents are cut: the head decides the type, and it bounds the cost per document. */
    static final int MAX_CHARS = 20_000;

    private FrenchText() {
    }

    /** Stems of the text, in order, accents removed after stemming so that OCR/legacy text without accents matches. */
    public static List<String> stems(String text) {
        List<String> out = new ArrayList<>();
        String t = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        try (TokenStream ts = ANALYZER.tokenStream("text", t)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String s = term.toString();
                if (s.length() < 2 || s.chars().anyMatch(Character::isDigit)) {
                    continue;
                }
                out.add(fold(s));
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Term counts of unigrams and bigrams. */
    public static Map<String, Integer> features(String text) {
        List<String> stems = stems(text);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < stems.size(); i++) {
            counts.merge(stems.get(i), 1, Integer::sum);
            if (i > 0) {
                counts.merge(stems.get(i - 1) + "_" + stems.get(i), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Upper case without diacritics, for title cues. */
    public static String fold(String s) {
        return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
    }
}
