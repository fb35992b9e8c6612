package fr.dmp.ingest.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Training augmentation: besides each document, degraded copies, so that the model does not lean on
 * what real documents often lack: the title (first lines dropped), accents and case (folded to lower
 * case without accents), clean characters (OCR-like confusions), the whole document (only its first
 * part, as a first page), or several of these at once. The generator's documents get one copy; the
 * documents of independent writers, scarce (8 per type for some types) and closer to real ones, get
 * {@link #WRITER_COPIES}, each a different degradation. Deterministic: the same corpus gives the same copies.
 */
public final class Augment {

    /** Copies of each document of an independent writer (the generator's: one). */
    public static final int WRITER_COPIES = 3;
    private static final int KINDS = 5;

    private Augment() {
    }

    /** Each document with one degraded copy. */
    public static List<TypeModel.Example> all(List<TypeModel.Example> examples) {
        return all(examples, 1);
    }

    /** Each document with {@code copies} degraded copies, each of another kind. */
    public static List<TypeModel.Example> all(List<TypeModel.Example> examples, int copies) {
        List<TypeModel.Example> out = new ArrayList<>(examples.size() * (1 + copies));
        for (TypeModel.Example e : examples) {
            out.add(e);
            Random r = new Random(e.text().hashCode());
            int first = r.nextInt(copies == 1 ? 3 : KINDS); // one copy: the three kinds of before
            for (int j = 0; j < copies; j++) {
                out.add(new TypeModel.Example(degrade(e.text(), (first + j) % KINDS, r), e.label()));
            }
        }
        return out;
    }

    static String degrade(String text, int kind, Random r) {
        return switch (kind) {
            case 0 -> dropTitle(text);
            case 1 -> FrenchText.fold(text).toLowerCase(Locale.ROOT);
            case 2 -> ocr(text, r);
            case 3 -> firstPart(text, 0.5 + 0.2 * r.nextDouble());
            default -> FrenchText.fold(dropTitle(text)).toUpperCase(Locale.ROOT);
        };
    }

    /** The first lines, up to this share of them (one page of several, a cut scan). */
    static String firstPart(String text, double share) {
        String[] lines = text.split("\n");
        int keep = Math.max(3, (int) Math.ceil(lines.length * share));
        return String.join("\n", java.util.Arrays.copyOf(lines, Math.min(keep, lines.length))) + "\n";
    }

    /** Without its first three lines that hold letters (letterhead, title). */
    static String dropTitle(String text) {
        String[] lines = text.split("\n");
        StringBuilder sb = new StringBuilder();
        int dropped = 0;
        for (String line : lines) {
            if (dropped < 3 && line.chars().anyMatch(Character::isLetter)) {
                dropped++;
                continue;
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** About 3 % of the letters misread (rn/m, l/1, o/0, e/c, dropped accents). */
    static String ocr(String text, Random r) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c) && r.nextInt(33) == 0) {
                switch (r.nextInt(5)) {
                    case 0 -> sb.append(c == 'm' ? "rn" : String.valueOf(c));
                    case 1 -> sb.append(c == 'l' || c == 'i' ? '1' : c);
                    case 2 -> sb.append(c == 'o' ? '0' : c == 'e' ? 'c' : c);
                    case 3 -> sb.append(FrenchText.fold(String.valueOf(c)));
                    default -> {
                        // a letter lost
                    }
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
