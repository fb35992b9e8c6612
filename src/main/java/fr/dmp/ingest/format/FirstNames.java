package fr.dmp.ingest.format;

import fr.dmp.ingest.domain.Traits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The list of first names as French civil status writes them (ins.md, "Identity status and traits", second
 * round): one first name may hold a space ("Marie Claire") or a hyphen, so a first name that a source gives
 * in a slot of its own is kept whole, never split. Only a slot that carries the list written out as one
 * string (HL7 PID-5.3 and HPRIM P.6.3 "second and further given names", the list of birth first names as
 * the INS teleservice returns it) is cut: on commas when it has any, else on spaces, the only thing the
 * string can say. When that list repeats the usual first name at its head (the French way: the list of
 * birth first names includes the first one), the repetition is dropped word for word, so
 * {@code Marie Claire} + {@code Marie Claire Anne} is {@code [Marie Claire, Anne]}, not four names.
 */
public final class FirstNames {

    private static final Pattern WORDS = Pattern.compile("\\s+");
    private static final Pattern COMMAS = Pattern.compile("\\s*,\\s*");

    private FirstNames() {
    }

    /**
     * The usual first name (kept whole) followed by those of the written-out lists; a name met twice (after
     * ins.md normalisation) is kept once, at its first place.
     */
    public static List<String> of(String usual, String... lists) {
        List<String> out = new ArrayList<>();
        if (usual != null && !usual.isBlank()) {
            out.add(usual.strip());
        }
        for (String list : lists) {
            if (list == null || list.isBlank()) {
                continue;
            }
            String written = list.strip();
            if (written.indexOf(',') >= 0) {
                for (String n : COMMAS.split(written)) {
                    add(out, n);
                }
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(WORDS.split(written)));
            if (!out.isEmpty()) {
                List<String> head = Arrays.asList(WORDS.split(out.get(0)));
                if (head.size() > 1 && startsWith(words, head)) {
                    words.subList(0, head.size()).clear(); // the usual first name, repeated at the head of the list
                }
            }
            for (String n : words) {
                add(out, n);
            }
        }
        return out;
    }

    /**
     * Whether {@link #of} had to guess where the first names end: no usual first name in a slot of its own and
     * the whole list written out in one string with spaces only between its names. Such a list is compared by its
     * words (TraitComparison), since "Maria Lucia" written out may be one first name or two.
     */
    public static boolean writtenOut(String usual, String... lists) {
        if (usual != null && !usual.isBlank()) {
            return false;
        }
        String only = null;
        for (String list : lists) {
            if (list != null && !list.isBlank()) {
                if (only != null) {
                    return false;
                }
                only = list.strip();
            }
        }
        return only != null && only.indexOf(',') < 0 && WORDS.split(only).length > 1;
    }

    private static boolean startsWith(List<String> words, List<String> head) {
        if (words.size() < head.size()) {
            return false;
        }
        for (int i = 0; i < head.size(); i++) {
            String a = Traits.normaliseName(words.get(i));
            if (a == null || !a.equals(Traits.normaliseName(head.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static void add(List<String> out, String name) {
        if (name == null || name.isBlank()) {
            return;
        }
        String n = name.strip();
        String key = Traits.normaliseName(n);
        for (String present : out) {
            if (key == null ? present.equals(n) : key.equals(Traits.normaliseName(present))) {
                return;
            }
        }
        out.add(n);
    }
}
