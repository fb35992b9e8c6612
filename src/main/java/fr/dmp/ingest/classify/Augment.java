package fr.dmp.ingest.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Training augmentation: besides each document, one degraded copy, so that the model does not lean on
 * what real documents often lack: the title (first lines dropped), accents and case (folded to lower
 * case without accents), clean characters (OCR-like confusions). Deterministic: the same corpus gives
 * the same copies.
 */
public final class Augment {

    private Augment() {
    }

    public static List<TypeModel.Example> all(List<TypeModel.Example> examples) {
        List<TypeModel.Example> out = new ArrayList<>(examples.size() * 2);
        for (TypeModel.Example e : examples) {
            out.add(e);
            Random r = new Random(e.text().hashCode());
            String t = switch (r.nextInt(3)) {
                case 0 -> dropTitle(e.text());
                case 1 -> FrenchText.fold(e.text()).toLowerCase(Locale.ROOT);
                default -> ocr(e.text(), r);
            };
            out.add(new TypeModel.Example(t, e.label()));
        }
        return out;
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
