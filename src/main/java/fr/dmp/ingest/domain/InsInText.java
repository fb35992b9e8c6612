package fr.dmp.ingest.domain;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INS (or a NIR without its key) written in a sender's free text, above all a file name
 * ({@code DUPONT_279035121518989.pdf}, {@code CR 2 79 03 51 215 189 89.pdf}): masked as {@link Ins#mask} masks one
 * wherever the text leaves the store (reason files, the audit trail's and the operator's outputs, the console), since
 * no full INS may appear there (reasons.md, "detail"; found by an independent tester, round 16: file names went out
 * whole). What is masked: a run of digits, possibly with {@code 2A}/{@code 2B} and one or two separators between its
 * groups (spaces of any width, dots, hyphens and dashes, underscores, a plus, a slash, a middle dot: the printed form,
 * {@code NIR_2_790351215189_89}), full-width digits too, that holds 13 or 15 characters once the separators are removed, or a longer one
 * that holds a 15-character window whose control key is right. A date or a time (8, 12, 14 digits) stays as it is; any
 * other number of 13 or 15 digits is masked too (an INS may come without its key or with a mistyped one): a
 * millisecond timestamp or a 15-digit order number in a file name is shown masked; a run of more than 15 digits without
 * such a window is masked whole (a NIR glued to a date cannot be told from a long order number), and a group of 13 or
 * 15 digits between separators of a run of 14 is masked alone.
 */
public final class InsInText {

    /** A digit, ASCII or full-width. */
    private static final String DIGIT = "[0-9\\uFF10-\\uFF19]";
    /** What may stand between the groups of a printed INS: spaces of every width, dots, dashes, underscores, a plus. */
    private static final String SEPARATOR = "[ ._+/\\-\\u00A0\\u202F\\u2007\\u2009\\u3000\\u00B7\\u2010-\\u2015\\u2212]";
    /** Digits (full-width too), a Corsica 2A/2B (the letter right after a 2), one or two separators between them. */
    private static final Pattern RUN = Pattern.compile("(?<!" + DIGIT + ")" + DIGIT + "(?:" + SEPARATOR + "{0,2}(?:" + DIGIT
            + "|(?<=[2\\uFF12])[ABab]))*");

    private InsInText() {
    }

    /** Where in the run a group of 13 or 15 digits stands between separators, or null. */
    private static int[] thirteenDigitGroup(String run) {
        int start = 0;
        for (int i = 0; i <= run.length(); i++) {
            if (i == run.length() || !(Character.isDigit(run.charAt(i)) || "AaBb".indexOf(run.charAt(i)) >= 0)) {
                int length = compact(run.substring(start, i)).length();
                if (length == 13 || length == 15) {
                    return new int[] {start, i};
                }
                start = i + 1;
            }
        }
        return null;
    }

    private static String compact(String group) {
        StringBuilder sb = new StringBuilder(group.length());
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            if (Character.isDigit(c)) {
                sb.append((char) ('0' + Character.digit(c, 10)));
            } else if ("AaBb".indexOf(c) >= 0) {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    /** The text with every INS-like run masked (all but its last 4 characters); null stays null. */
    public static String masked(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = RUN.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String run = m.group();
            // the positions in the run of its characters, separators left out
            int[] at = new int[run.length()];
            StringBuilder compact = new StringBuilder(run.length());
            for (int i = 0; i < run.length(); i++) {
                char c = run.charAt(i);
                if (Character.isDigit(c)) {
                    at[compact.length()] = i;
                    compact.append((char) ('0' + Character.digit(c, 10))); // full-width digits read as digits
                } else if (c == 'A' || c == 'a' || c == 'B' || c == 'b') {
                    at[compact.length()] = i;
                    compact.append(Character.toUpperCase(c));
                }
            }
            int n = compact.length();
            int from = -1;
            int to = -1;
            if (n == 13 || n == 15) {
                from = 0; // a NIR without its key, or an INS (a wrong key is still somebody's number, mistyped)
                to = n;
            } else {
                for (int i = 0; i + 15 <= n; i++) {
                    if (Ins.isValid(compact.substring(i, i + 15))) {
                        // an INS inside a longer run ("..._279035121518989_1"): that INS only; every window whose key is
                        // right, since an earlier one may be a coincidence that left the INS's last 7 digits shown (round 28)
                        from = from < 0 ? i : from;
                        to = i + 15;
                    }
                }
            }
            if (from < 0 && n > 15) {
                // a NIR glued to a date or a counter ("20261207_1790351215189"): a run this long is no date nor time,
                // so it is masked whole rather than risk a NIR shown (round 28's left item)
                from = 0;
                to = n;
            }
            if (from < 0) {
                int[] group = thirteenDigitGroup(run);
                if (group == null) {
                    continue;
                }
                // a 13-digit group beside a short number ("1790351215189_5"): the group only
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                String digits = compact(run.substring(group[0], group[1]));
                out.append(text, last, m.start() + group[0]).append(Ins.mask(digits));
                last = m.start() + group[1];
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            int start = m.start() + at[from];
            int end = m.start() + at[to - 1] + 1;
            out.append(text, last, start).append(Ins.mask(compact.substring(from, to)));
            last = end;
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }
}
