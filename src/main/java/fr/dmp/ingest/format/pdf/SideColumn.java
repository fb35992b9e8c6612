package fr.dmp.ingest.format.pdf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A page's side column: the narrow band of a hospital letterhead, down the left (or right) edge of a letter, that lists
 * the department's physicians, secretariat and phone numbers. Read "by position", each of its lines was glued to the
 * body line beside it ("Dr Léa CORNILLAC séances/semaine, 30 séances."), and its forty lines of names, services
 * ("Consultations", "Hospitalisation") and numbers outweighed a short prescription's five: on 650 independent
 * documents printed so by Chromium, 79 % were accepted by the classifier against 97 % as plain text (round 24).
 *
 * <p>Found from the glyphs alone: each line cut into segments at wide gaps; a vertical gutter that at most
 * {@link #CROSSING} segments span (a full-width title above the band or a footer below it may, none between its
 * lines), with a band on one side no wider than {@link #NARROW} of the text's width, of at least {@link #MIN_LINES}
 * lines that start with the letter, in smaller type than the body's. A second tester's attack (round 24) found what
 * else is narrow and small and belongs to the document: a form's labels, a column of results, of quantities, a
 * signature or a recipient's block, margin notes. So a band whose lines mostly sit beside body lines is left in place
 * (a long letter whose side column happens to share the body's baselines keeps it too: the fault hurts short letters
 * most), and so is a shorter one or one that starts lower down. Plain Java on glyph boxes, so that a page is tested
 * without a PDF.
 */
final class SideColumn {

    /** A glyph's box in PDF points, x from the left, baseline from the top, as PDFBox's text positions give them. */
    record Glyph(double x, double width, double baseline, double size) {
        double end() {
            return x + width;
        }
    }

    /** Segments that may cross the gutter, above or below the side column: a full-width title, date line or footer. */
    static final int CROSSING = 3;
    /** The side band's width, at most, as a share of the text's width. */
    static final double NARROW = 0.35;
    /** A letterhead's column lists a department: a signature block, a column of quantities or dates is shorter. */
    static final int MIN_LINES = 12;
    /** It starts with the letter, at the top: within this share of the text's height from its first line. */
    static final double STARTS_WITHIN = 0.2;
    /** A letterhead's side column is set in smaller type than the letter: at most this share of the body's size. */
    static final double SMALLER = 0.9;
    /** The widest text, in points, looked at: an A0 page is 2,384 wide. */
    static final double MAX_SPAN = 5000;
    /** The narrowest gutter, in points (a word space is 2–4). */
    static final double MIN_GUTTER = 10;

    private SideColumn() {
    }

    /** The glyphs to keep in reading order: the page without its side column, or all of them when it has none. */
    static <G> List<G> withoutSideColumn(List<G> glyphs, java.util.function.Function<G, Glyph> box) {
        List<Glyph> boxes = new ArrayList<>(glyphs.size());
        for (G g : glyphs) {
            Glyph b = box.apply(g);
            if (!(Double.isFinite(b.x()) && Double.isFinite(b.width()) && Double.isFinite(b.baseline()) && Double.isFinite(b.size()))) {
                return glyphs; // a position no page has: read as PDFBox reads it
            }
            boxes.add(b);
        }
        boolean[] side = side(boxes);
        if (side == null) {
            return glyphs;
        }
        List<G> kept = new ArrayList<>(glyphs.size());
        for (int i = 0; i < glyphs.size(); i++) {
            if (!side[i]) {
                kept.add(glyphs.get(i));
            }
        }
        return kept;
    }

    /** Which glyphs belong to a side column, or null when the page has none. */
    static boolean[] side(List<Glyph> glyphs) {
        if (glyphs.size() < 40) {
            return null;
        }
        List<Segment> segments = segments(glyphs);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Segment s : segments) {
            min = Math.min(min, s.x0);
            max = Math.max(max, s.x1);
        }
        double span = max - min;
        if (!(span >= 200 && span <= MAX_SPAN)) {
            return null; // too narrow for two columns, or glyphs placed far off any page (a bin per point is counted)
        }
        int bins = (int) Math.ceil(span) + 1;
        int[] covered = new int[bins];
        for (Segment s : segments) {
            for (int b = (int) (s.x0 - min); b <= Math.min(bins - 1, (int) (s.x1 - min)); b++) {
                covered[b]++;
            }
        }
        List<Split> splits = new ArrayList<>();
        for (boolean left : new boolean[] {true, false}) {
            Split split = gutter(covered, min, span, left);
            if (split != null) {
                splits.add(split);
            }
        }
        splits.sort(Comparator.comparingDouble(Split::width).reversed());
        for (Split split : splits) {
            boolean[] side = assign(glyphs, segments, split);
            if (side != null) {
                return side;
            }
        }
        return null;
    }

    private record Split(boolean left, double from, double to) {
        double width() {
            return to - from;
        }
    }

    /** The widest gutter whose band on the given side is narrow, as [from, to] in points. */
    private static Split gutter(int[] covered, double min, double span, boolean left) {
        Split best = null;
        int b = 0;
        while (b < covered.length) {
            if (covered[b] > CROSSING) {
                b++;
                continue;
            }
            int start = b;
            while (b < covered.length && covered[b] <= CROSSING) {
                b++;
            }
            int end = b; // exclusive
            double band = left ? start : covered.length - end;
            if (end - start >= MIN_GUTTER && start > 0 && end < covered.length
                    && band >= 0.05 * span && band <= NARROW * span
                    && (best == null || end - start > best.width())) {
                best = new Split(left, min + start, min + end);
            }
        }
        return best;
    }

    private static boolean[] assign(List<Glyph> glyphs, List<Segment> segments, Split split) {
        boolean[] side = new boolean[glyphs.size()];
        List<Double> sideLines = new ArrayList<>();
        List<Double> mainLines = new ArrayList<>();
        List<Double> crossingLines = new ArrayList<>();
        List<Double> sideSizes = new ArrayList<>();
        List<Double> mainSizes = new ArrayList<>();
        for (Segment s : segments) {
            boolean inBand = split.left ? s.x1 <= split.to && s.x0 < split.from : s.x0 >= split.from && s.x1 > split.to;
            boolean inBody = split.left ? s.x0 >= split.from : s.x1 <= split.to;
            if (inBand && !inBody) {
                for (int i : s.glyphs) {
                    side[i] = true;
                    sideSizes.add(glyphs.get(i).size());
                }
                sideLines.add(s.baseline);
            } else if (inBody) {
                for (int i : s.glyphs) {
                    mainSizes.add(glyphs.get(i).size());
                }
                mainLines.add(s.baseline);
            } else {
                crossingLines.add(s.baseline);
            }
        }
        long bandLines = sideLines.stream().map(y -> Math.round(y)).distinct().count();
        long bodyLines = mainLines.stream().map(y -> Math.round(y)).distinct().count();
        if (bandLines < MIN_LINES || bodyLines < 2) {
            return null;
        }
        double bodySize = median(mainSizes);
        if (median(sideSizes) >= SMALLER * bodySize) {
            return null; // the body's own type: short lines of results or of a list, not a letterhead's
        }
        double top = sideLines.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double bottom = sideLines.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        if (crossingLines.stream().anyMatch(y -> y > top && y < bottom)) {
            return null; // a line across the band, between its lines: the body's own short lines, not a column beside it
        }
        double besides = Math.max(2.5, 0.4 * bodySize); // a cell's baseline moves with its type and alignment
        int aligned = 0;
        for (double y : sideLines) {
            for (double m : mainLines) {
                if (Math.abs(y - m) <= besides) {
                    aligned++;
                    break;
                }
            }
        }
        if (aligned * 10 > sideLines.size() * 7) {
            return null; // a table's first column, or a form's labels: many of its lines beside a value
        }
        double first = Double.MAX_VALUE;
        double last = -Double.MAX_VALUE;
        for (Segment s : segments) {
            first = Math.min(first, s.baseline);
            last = Math.max(last, s.baseline);
        }
        if (top > first + STARTS_WITHIN * (last - first)) {
            return null; // a column that starts lower down: results, quantities, notes beside the letter's own text
        }
        return side;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? 0 : v[v.length / 2];
    }

    /** A run of glyphs on one baseline without a wide gap. */
    private static final class Segment {
        final double baseline;
        double x0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        final List<Integer> glyphs = new ArrayList<>();

        Segment(double baseline) {
            this.baseline = baseline;
        }

        void add(int i, Glyph g) {
            glyphs.add(i);
            x0 = Math.min(x0, g.x());
            x1 = Math.max(x1, g.end());
        }
    }

    /** Lines by baseline (within a fifth of the type's size), each cut where the gap exceeds twice the type's size. */
    private static List<Segment> segments(List<Glyph> glyphs) {
        Integer[] order = new Integer[glyphs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> glyphs.get(i).baseline()).thenComparingDouble(i -> glyphs.get(i).x()));
        List<List<Integer>> lines = new ArrayList<>();
        double lineBaseline = Double.NaN;
        for (int i : order) {
            Glyph g = glyphs.get(i);
            if (lines.isEmpty() || Math.abs(g.baseline() - lineBaseline) > Math.max(1.0, 0.2 * g.size())) {
                lines.add(new ArrayList<>());
                lineBaseline = g.baseline();
            }
            lines.get(lines.size() - 1).add(i);
        }
        List<Segment> segments = new ArrayList<>();
        for (List<Integer> line : lines) {
            line.sort(Comparator.comparingDouble(i -> glyphs.get(i).x()));
            Segment current = null;
            double lastEnd = 0;
            for (int i : line) {
                Glyph g = glyphs.get(i);
                double gap = Math.max(8, 2 * g.size());
                if (current == null || g.x() - lastEnd > gap) {
                    current = new Segment(g.baseline());
                    segments.add(current);
                }
                current.add(i, g);
                lastEnd = Math.max(lastEnd, g.end());
                if (current.glyphs.size() == 1) {
                    lastEnd = g.end();
                }
            }
        }
        return segments;
    }
}
