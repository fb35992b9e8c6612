package fr.dmp.ingest.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INS (or a NIR without its key) written in a sender's free text, above all a file name
 * ({@code DUPONT_279035121518989.pdf}, {@code CR 2 79 03 51 215 189 89.pdf}): masked as {@link Ins#mask} masks one
 * wherever the text leaves the store (reason files, the audit trail's and the operator's outputs, the console), since
 * no full INS may appear there (reasons.md, "detail"; found by an independent tester, round 16: file names went out
 * whole). What is masked: a run of digits, possibly with {@code 2A}/{@code 2B} and one or two separators between its
 * groups (spaces of any width, dots, hyphens and dashes, underscores, a plus, a slash, a middle dot: the printed form,
 * {@code NIR_2_790351215189_89}; invisible characters too), digits of any script, that holds 13 or 15 characters once the separators are removed, or a longer one
 * that holds a 15-character window whose control key is right. A date or a time (8, 12, 14 digits) stays as it is; any
 * other number of 13 or 15 digits is masked too (an INS may come without its key or with a mistyped one): a
 * millisecond timestamp or a 15-digit order number in a file name is shown masked. A date or time beside a NIR is set
 * aside first ({@code 20261207_1790351215189}, {@code 202612071790351215189}: the NIR masked, round 29), and a group of 13
 * or 15 digits between separators is masked alone ({@code 1790351215189_5}).
 */
public final class InsInText {

    /** A decimal digit of any script: ASCII, full-width, Arabic-Indic, Devanagari... (round 29's left item: only two were read). */
    private static final String DIGIT = "\\p{Nd}";
    /**
     * What may stand between the groups of a printed INS: spaces of every width and tabs, dots, dashes, underscores, a
     * plus, full-width punctuation (a full-width or fraction slash too, round 32), and the invisible characters a copy from a web page or a word processor leaves
     * (zero-width space and joiners, direction marks and embeddings, word joiner, byte-order mark, soft hyphen): round
     * 29's left item, such a NIR went out whole. Not a colon or semicolon: a time ({@code 2026-11-20 08:30:00.0}) then
     * adds up to 13 or 15 digits and was masked (round 30, a reviewer).
     */
    private static final String SEPARATOR = "[ \\t._+/\\-\\u00A0\\u202F\\u2000-\\u200A\\u205F\\u3000\\u00B7\\u2010-\\u2015\\u2212"
            + "\\u2024\\uFF0D\\uFF0E\\uFF0F\\uFF3F\\u2044\\u2215\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF\\u00AD"
            + "\\u0000-\\u0008\\u000B-\\u001F\\u007F]"; // control characters too (a file name with \u0001 inside a NIR)

    /** Digits (full-width too), a Corsica 2A/2B (the letter right after a 2), one or two separators between them. */
    private static final Pattern RUN = Pattern.compile("(?<!" + DIGIT + ")" + DIGIT + "(?:" + SEPARATOR + "{0,2}(?:" + DIGIT
            + "|(?<=[2\\uFF12\\u0662\\u06F2\\u07C2\\u0968\\u09E8\\u0A68\\u0AE8\\u0B68\\u0BE8\\u0C68\\u0CE8\\u0D68\\u0E52])"
            + "[ABab\\uFF21\\uFF22\\uFF41\\uFF42]))*"); // 2A/2B after a 2 of another script too (round 30, an attacker)

    private InsInText() {
    }

    /** The text with every INS-like run masked (all but its last 4 characters); null stays null. */
    public static String masked(String text) {
        if (text == null) {
            return null;
        }
        text = withBmpDigits(text);
        Matcher m = RUN.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String run = m.group();
            // the run's characters without separators, where each stands in the run, and its groups between separators
            int[] at = new int[run.length()];
            StringBuilder compact = new StringBuilder(run.length());
            List<int[]> groups = new ArrayList<>();
            int groupStart = 0;
            for (int i = 0; i < run.length(); i++) {
                char c = run.charAt(i);
                if (Character.isDigit(c)) {
                    at[compact.length()] = i;
                    compact.append((char) ('0' + Character.digit(c, 10))); // full-width digits read as digits
                } else if ("ABab\uFF21\uFF22\uFF41\uFF42".indexOf(c) >= 0) {
                    at[compact.length()] = i;
                    compact.append("ABab\uFF21\uFF22\uFF41\uFF42".indexOf(c) % 2 == 0 ? 'A' : 'B'); // full-width too
                } else {
                    if (compact.length() > groupStart) {
                        groups.add(new int[] {groupStart, compact.length()});
                    }
                    groupStart = compact.length();
                }
            }
            groups.add(new int[] {groupStart, compact.length()});
            // an OID's arcs hold no INS, unless its digits are 15 with a right key: a dotted INS grouped another way
            // (1.3206.1305.5877.62) read as an OID and went out whole (round 32, a tester)
            boolean oid = oid(run, groups) && !(compact.length() == 15 && Ins.isValid(compact.toString()));
            int[] span = oid ? thirteenOrFifteen(groups) : insSpan(compact.toString(), groups);
            if (span == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            int start = m.start() + at[span[0]];
            int end = m.start() + at[span[1] - 1] + 1;
            out.append(text, last, start).append(Ins.mask(compact.substring(span[0], span[1])));
            last = end;
        }
        return validInsAcrossAnySeparator(out == null ? text : out.append(text, last, text.length()).toString());
    }

    /**
     * Digits outside the 16-bit range (mathematical bold or monospace {@code 𝟏𝟑𝟐}, two chars each) as ASCII digits: read
     * char by char they were no digits, and such an INS went out whole (round 32, an attacker). Other text is kept.
     */
    private static String withBmpDigits(String text) {
        boolean any = false;
        for (int i = 0; i < text.length() && !any; i++) {
            any = Character.isHighSurrogate(text.charAt(i));
        }
        if (!any || text.codePoints().noneMatch(cp -> cp > 0xFFFF && Character.isDigit(cp))) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp > 0xFFFF && Character.isDigit(cp)) {
                out.append((char) ('0' + Character.digit(cp, 10)));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** Digits with one or two of any punctuation, symbol or space between them (a wider net than {@link #RUN}). */
    private static final Pattern WIDE_RUN = Pattern.compile("(?<!\\p{Nd})\\p{Nd}(?:[\\p{P}\\p{S}\\p{Z}\\t]{0,3}\\p{Nd})*"); // " - " too (round 33, an attacker)

    /**
     * A second pass: 15 digits with a right key split by separators the first pass does not take ({@code ,} {@code ;}
     * {@code :} {@code ~} {@code #} {@code &} {@code \}, a full-width comma, an ideographic full stop...) are masked
     * (round 32, an attacker: {@code 1,32,06,13,055,877,62} went out whole). Only a right key: a colon and a semicolon
     * stay out of the first pass, where a time would add up to 13 or 15 digits. A refusal's candidate scores
     * ({@code UNKNOWN:0.50, 57828-6:0.00}) are no part of a run: 15 digits across a candidate list had a right key once in
     * twenty lists, and the type codes an operator assigns from were masked (round 33, a tester).
     */
    private static String validInsAcrossAnySeparator(String text) {
        Matcher m = WIDE_RUN.matcher(SCORE.matcher(text).replaceAll("\u0000\u0000\u0000\u0000")); // same length
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String run = m.group();
            int[] at = new int[run.length()];
            StringBuilder compact = new StringBuilder(run.length());
            for (int i = 0; i < run.length(); i++) {
                char c = run.charAt(i);
                if (Character.isDigit(c)) {
                    at[compact.length()] = i;
                    compact.append((char) ('0' + Character.digit(c, 10)));
                }
            }
            for (int i = 0; i + 15 <= compact.length(); i++) {
                if (Ins.isValid(compact.substring(i, i + 15))) {
                    if (out == null) {
                        out = new StringBuilder(text.length());
                    }
                    int start = m.start() + at[i];
                    int end = m.start() + at[i + 14] + 1;
                    out.append(text, last, start).append(Ins.mask(compact.substring(i, i + 15)));
                    last = end;
                    break; // one INS a run; a second one beside it is found by the next run's look
                }
            }
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /** A candidate's score after its type code, as the classifier writes it: {@code :0.93} before a comma and a space or the end. */
    private static final Pattern SCORE = Pattern.compile("(?<=:)[01]\\.\\d{2}(?=$|, |;|\\)|\\s)");

    /**
     * Where in the run's characters {@code c} an INS or a NIR stands, or null. A group between separators that reads as a
     * date or a time (8, 12 or 14 digits from 19.. or 20..) beside other groups is set aside first: a NIR after a date
     * ({@code 20261207_1790351215189}) was shown, or a window across the date whose key happened to be right left most
     * of it shown (round 29, a reviewer), while a date and a counter ({@code 20261120083000_0001}) stay as they are.
     */
    private static int[] insSpan(String c, List<int[]> groups) {
        List<int[]> rest = new ArrayList<>();
        for (int[] g : groups) {
            if (groups.size() == 1 || !dateOrTime(c.substring(g[0], g[1]))) {
                rest.add(g);
            }
        }
        if (rest.isEmpty()) {
            return null;
        }
        StringBuilder kept = new StringBuilder();
        List<Integer> where = new ArrayList<>(); // the index in c of each character kept
        for (int[] g : rest) {
            kept.append(c, g[0], g[1]);
            for (int i = g[0]; i < g[1]; i++) {
                where.add(i);
            }
        }
        int n = kept.length();
        if (n == 13 || n == 15) {
            // a NIR without its key, or an INS (a wrong key is still somebody's number, mistyped)
            return new int[] {where.get(0), where.get(n - 1) + 1};
        }
        int[] glued = null;
        for (int[] g : rest) {
            int[] beside = besideADate(c.substring(g[0], g[1]));
            if (beside != null && glued == null) {
                glued = new int[] {g[0] + beside[0], g[0] + beside[1]};
            }
        }
        int from = -1;
        int to = -1;
        for (int i = 0; i + 15 <= n; i++) {
            if (Ins.isValid(kept.substring(i, i + 15))) {
                // an INS inside a longer run ("..._279035121518989_1"): every window whose key is right, since an earlier one
                // may be a coincidence that left the INS's last 7 digits shown (round 28)
                from = from < 0 ? i : from;
                to = i + 15;
            }
        }
        // a 13- or 15-character group beside a short number ("1790351215189_5"), or beside another INS (two in one name:
        // the one whose key is wrong, or a Corsican one, was shown, round 29, an attacker)
        int[] group = null;
        for (int[] g : rest) {
            if (g[1] - g[0] == 13 || g[1] - g[0] == 15) {
                group = group == null ? g.clone() : new int[] {Math.min(group[0], g[0]), Math.max(group[1], g[1])};
            }
        }
        // a NIR printed in groups after or before one short number ("CR2_1 85 2A 12 345 678 63"): the run less its first or
        // its last group (not any groups: an OID's would add up to 13 somewhere)
        if (rest.size() > 2) {
            int first = rest.get(0)[1] - rest.get(0)[0];
            int last = rest.get(rest.size() - 1)[1] - rest.get(rest.size() - 1)[0];
            // printed groups are of 3 characters at most ("1 85 2A 12 345 678 63"); an OID's are not (2.16.840.1.113883.6.96)
            boolean printedAfter = rest.size() <= 8 && rest.get(1)[1] - rest.get(1)[0] == 1
                    && rest.subList(1, rest.size()).stream().allMatch(x -> x[1] - x[0] <= 3);
            boolean printedBefore = rest.size() <= 8 && rest.get(0)[1] - rest.get(0)[0] == 1
                    && rest.subList(0, rest.size() - 1).stream().allMatch(x -> x[1] - x[0] <= 3);
            int[] g = (n - first == 13 || n - first == 15) && printedAfter ? new int[] {rest.get(1)[0], rest.get(rest.size() - 1)[1]}
                    : (n - last == 13 || n - last == 15) && printedBefore ? new int[] {rest.get(0)[0], rest.get(rest.size() - 2)[1]}
                    : null;
            if (g != null) {
                group = group == null ? g : new int[] {Math.min(group[0], g[0]), Math.max(group[1], g[1])};
            }
        }
        // every span found at once: a window whose key happens to be right must not leave a NIR beside it shown
        int a = Integer.MAX_VALUE;
        int b = -1;
        if (from >= 0) {
            a = where.get(from);
            b = where.get(to - 1) + 1;
        }
        for (int[] span : new int[][] {glued, group}) {
            if (span != null) {
                a = Math.min(a, span[0]);
                b = Math.max(b, span[1]);
            }
        }
        return b < 0 ? null : new int[] {a, b};
    }

    /**
     * An OID (2.16.840.1.113883.6.1, the LOINC system named in a refusal's detail; 1.2.250.1.213.1.4.10): dots only, and
     * eight groups or more, or one of 4 to 12 digits, which no printed INS has. Their groups happen to add up to 13 or 15.
     */
    private static boolean oid(String run, List<int[]> groups) {
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            if (!Character.isDigit(c) && c != '.' && "ABab\uFF21\uFF22\uFF41\uFF42".indexOf(c) < 0) {
                return false;
            }
        }
        // a printed INS has 7 groups at most (2.79.03.51.215.189.89); French OIDs have more (1.2.250.1.213.1.4.10)
        return groups.size() >= 8 || groups.size() >= 4 && groups.stream().anyMatch(g -> g[1] - g[0] >= 4 && g[1] - g[0] <= 12);
    }

    /** In an OID, only an arc of 13 or 15 digits (a NIR used as an extension) is masked. */
    private static int[] thirteenOrFifteen(List<int[]> groups) {
        for (int[] g : groups) {
            if (g[1] - g[0] == 13 || g[1] - g[0] == 15) {
                return g;
            }
        }
        return null;
    }

    /** 8, 12 or 14 digits that begin as a year of 19.. or 20..: a date, a date and time. */
    private static boolean dateOrTime(String group) {
        int n = group.length();
        return (n == 8 || n == 12 || n == 14) && (group.startsWith("19") || group.startsWith("20"))
                && group.chars().allMatch(Character::isDigit);
    }

    /** In a group of digits glued to a date before or after ({@code 202612071790351215189}), where the NIR stands, or null. */
    private static int[] besideADate(String group) {
        int n = group.length();
        if (n <= 15) {
            return null;
        }
        for (int date : new int[] {8, 12, 14}) {
            int rest = n - date;
            if ((rest == 13 || rest == 15) && dateOrTime(group.substring(0, date))) {
                return new int[] {date, n};
            }
            if ((rest == 13 || rest == 15) && dateOrTime(group.substring(rest))) {
                return new int[] {0, rest};
            }
        }
        return null;
    }
}
