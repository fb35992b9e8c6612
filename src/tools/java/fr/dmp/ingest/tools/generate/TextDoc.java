package fr.dmp.ingest.tools.generate;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One synthetic document before layout: letterhead, optional title, header lines, sections (heading
 * and body), closing lines. {@link #render} lays it out the way one sender would (heading style, blank
 * lines, section order, footers, page numbers) and then degrades it the way exports and OCR do
 * (accents lost, all capitals, hard line wraps, a few misread characters).
 */
final class TextDoc {

    /** A section; a null heading is a plain paragraph. Movable sections may trade places. */
    record Section(String heading, String body, boolean movable) {
    }

    final List<String> letterhead = new ArrayList<>();
    /** Null: the document has no title line and only its body tells what it is. */
    String title;
    final List<String> header = new ArrayList<>();
    final List<Section> sections = new ArrayList<>();
    final List<String> closing = new ArrayList<>();
    /** False for the documents to refuse: their footers carry no clinical wording. */
    boolean clinical = true;

    TextDoc section(String heading, String body) {
        sections.add(new Section(heading, body, true));
        return this;
    }

    TextDoc fixed(String heading, String body) {
        sections.add(new Section(heading, body, false));
        return this;
    }

    TextDoc para(String body) {
        sections.add(new Section(null, body, false));
        return this;
    }

    /** Sets the title with the given probability; documents without one must be decided by their body. */
    TextDoc title(Gen g, double probability, String... titles) {
        title = g.chance(probability) ? g.variant(titles) : null;
        return this;
    }

    /** A usual letterhead: establishment, service, address, phone, in one of a few layouts. */
    TextDoc letterhead(Gen g, String establishment, String service) {
        List<String> lines = new ArrayList<>();
        lines.add(establishment);
        if (service != null) {
            lines.add(service);
        }
        if (g.chance(0.6)) {
            lines.add(g.address());
        }
        if (g.chance(0.5)) {
            lines.add("Tél" + g.colon + " " + g.phone() + (g.chance(0.4) ? " - Fax" + g.colon + " " + g.phone() : ""));
        }
        if (g.chance(0.15)) {
            lines.add("FINESS " + (990000000 + g.between(1, 99999)));
        }
        if (g.chance(0.2)) {
            letterhead.add(String.join(" - ", lines));
        } else {
            letterhead.addAll(lines);
        }
        return this;
    }

    // ---------------------------------------------------------------- layout

    private enum Heading { UPPER_COLON, CAP_COLON, UPPER, CAP, UNDERLINED, NUMBERED, ROMAN, STARRED, BRACKETED, SQUARE }

    String render(Gen g) {
        Heading hs = g.variant(Heading.UPPER_COLON, Heading.CAP_COLON, Heading.UPPER, Heading.CAP, Heading.UNDERLINED,
                Heading.NUMBERED, Heading.ROMAN, Heading.STARRED, Heading.BRACKETED, Heading.SQUARE);
        boolean headingWithoutAccents = g.chance(0.3);
        boolean inline = g.chance(0.6);
        String gap = g.pick("\n\n", "\n\n", "\n\n", "\n", "\n\n\n");
        boolean letterheadAtBottom = g.chance(0.12);
        boolean titleAfterHeader = g.chance(0.25);

        List<Section> order = new ArrayList<>(sections);
        // incomplete documents: some optional (movable) sections left out, at least three sections kept
        for (int i = order.size() - 1; i >= 0 && order.size() > 3; i--) {
            if (order.get(i).movable() && g.chance(0.15)) {
                order.remove(i);
            }
        }
        // prose: a letter typed without headings, the bodies as paragraphs
        boolean prose = g.chance(0.12);
        if (g.chance(0.45)) {
            for (int k = g.between(1, 3); k > 0; k--) {
                int i = g.index(order.size());
                int j = g.index(order.size());
                if (i != j && order.get(i).movable() && order.get(j).movable()) {
                    Section s = order.get(i);
                    order.set(i, order.get(j));
                    order.set(j, s);
                }
            }
        }

        List<String> blocks = new ArrayList<>();
        if (!letterhead.isEmpty() && !letterheadAtBottom) {
            blocks.add(String.join("\n", letterhead));
        }
        String titleText = title == null ? null : styleTitle(g, title);
        if (g.untitled) {
            titleText = null;
        }
        if (titleText != null && !titleAfterHeader) {
            blocks.add(titleText);
        }
        if (!header.isEmpty()) {
            blocks.add(String.join("\n", header));
        }
        if (titleText != null && titleAfterHeader) {
            blocks.add(titleText);
        }
        int number = 0;
        for (Section s : order) {
            if (s.body() == null || s.body().isBlank()) {
                continue;
            }
            if (s.heading() == null || prose) {
                blocks.add(s.body());
                continue;
            }
            number++;
            String h = s.heading();
            if (headingWithoutAccents) {
                h = stripAccents(h);
            }
            boolean single = !s.body().contains("\n") && s.body().length() < 110;
            boolean colonStyle = hs == Heading.UPPER_COLON || hs == Heading.CAP_COLON;
            String head = switch (hs) {
                case UPPER_COLON -> upper(h) + g.colon;
                case CAP_COLON -> Gen.cap(h) + g.colon;
                case UPPER -> upper(h);
                case CAP -> Gen.cap(h);
                case UNDERLINED -> Gen.cap(h) + "\n" + "-".repeat(h.length());
                case NUMBERED -> number + ". " + Gen.cap(h);
                case ROMAN -> roman(number) + " - " + upper(h);
                case STARRED -> "*** " + upper(h) + " ***";
                case BRACKETED -> "[" + Gen.cap(h) + "]";
                case SQUARE -> "\u25A0 " + upper(h);
            };
            if (colonStyle && single && inline) {
                blocks.add(head + " " + s.body());
            } else {
                blocks.add(head + "\n" + s.body());
            }
        }
        if (!closing.isEmpty()) {
            blocks.add(String.join("\n", closing));
        }
        if (!letterhead.isEmpty() && letterheadAtBottom) {
            blocks.add(String.join(" - ", letterhead));
        }
        if (blocks.size() >= 5 && g.chance(0.06)) {
            // one page of a scanned multi-page document: the first blocks or the last ones only (at least half)
            int keep = g.between((blocks.size() + 1) / 2, blocks.size() - 1);
            List<String> page = g.chance(0.5) ? blocks.subList(0, keep) : blocks.subList(blocks.size() - keep, blocks.size());
            blocks = new ArrayList<>(page);
        }
        g.titled = titleText != null && blocks.contains(titleText);
        addNoise(g, blocks, clinical);

        String text = String.join(gap, blocks);
        if (g.chance(0.2)) {
            text = wrap(text, g.between(62, 95));
        }
        if (g.chance(0.12)) {
            text = stripAccents(text);
        }
        if (g.chance(0.04)) {
            text = upper(text);
        }
        if (g.chance(0.06)) {
            text = ocrNoise(g, text);
        }
        return text.strip() + "\n";
    }

    private static String styleTitle(Gen g, String title) {
        return switch (g.index(10)) {
            case 0, 1, 2, 3, 4 -> upper(title);
            case 5, 6, 7 -> title;
            case 8 -> title.toLowerCase(Locale.FRENCH);
            default -> {
                String t = upper(title);
                yield t + "\n" + "=".repeat(Math.min(60, t.length()));
            }
        };
    }

    /** Page numbers, generation footers, confidentiality notices, print stamps. */
    private static void addNoise(Gen g, List<String> blocks, boolean clinical) {
        int pages = g.chance(0.3) ? 2 : 1;
        if (pages == 2 && blocks.size() > 3) {
            int at = g.between(2, blocks.size() - 1);
            blocks.add(at, g.pick("Page 1/2", "- 1 -", "Page 1 sur 2", "1/2", "...\nPage 1/2\n" + g.patient.surname()));
        }
        if (g.chance(0.3) && !clinical) {
            blocks.add(g.pick("Document généré le " + g.date() + " à " + g.time(), "Imprimé le " + g.date() + " - " + g.time(),
                    "Scanné le " + g.date() + " - OCR automatique", "Réf. " + g.between(1000, 9999) + "/" + g.pick("AD", "GEN", "CO")));
        } else if (g.chance(0.3)) {
            blocks.add(g.variant("Document généré le " + g.date() + " à " + g.time(),
                    "Édité le " + g.date() + " par " + g.pick("DPI", "le logiciel de dossier patient", "secretariat"),
                    "Imprimé le " + g.date() + " - " + g.time(),
                    "Ce document est couvert par le secret médical. Il est destiné exclusivement à son destinataire.",
                    "Document confidentiel - secret médical",
                    "Copie : médecin traitant ; dossier",
                    "Réf. interne " + g.pick("CRH", "DOC", "MED") + "-" + g.between(1000, 9999) + " v" + g.between(1, 4),
                    "Scanné le " + g.date() + " - OCR automatique"));
        }
        if (g.chance(0.35)) {
            blocks.add(pages == 2 ? g.pick("Page 2/2", "- 2 -", "Page 2 sur 2", "2/2") : g.pick("Page 1/1", "- 1 -", "1/1"));
        }
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.FRENCH);
    }

    static String stripAccents(String s) {
        String d = Normalizer.normalize(s.replace("œ", "oe").replace("Œ", "OE").replace("\u25A0", "#"), Normalizer.Form.NFD);
        return d.replaceAll("\\p{M}", "");
    }

    private static String roman(int n) {
        String[] r = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"};
        return n <= r.length ? r[n - 1] : Integer.toString(n);
    }

    /** Hard wraps long lines at a word boundary, as text extracted from a PDF page. */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (String line : text.split("\n", -1)) {
            while (line.length() > width) {
                int cut = line.lastIndexOf(' ', width);
                if (cut <= 0) {
                    break;
                }
                out.append(line, 0, cut).append('\n');
                line = line.substring(cut + 1);
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** A few characters misread as a scanner's OCR does (about one in 120). */
    private static String ocrNoise(Gen g, String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c) && g.chance(1.0 / 120)) {
                switch (g.index(6)) {
                    case 0 -> sb.append(c == 'l' ? '1' : c == 'o' ? '0' : c == 'e' ? 'c' : c);
                    case 1 -> sb.append(c == 'm' ? "rn" : c == 'é' ? "e" : c == 'è' ? "e" : String.valueOf(c));
                    case 2 -> sb.append(c).append(' ');
                    case 3 -> sb.append(c == 'i' ? 'l' : c == 'u' ? 'v' : c);
                    case 4 -> {
                        // dropped
                    }
                    default -> sb.append(c).append(c);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
