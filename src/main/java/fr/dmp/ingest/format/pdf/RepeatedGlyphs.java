package fr.dmp.ingest.format.pdf;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * PDFBox's rule for text drawn twice ("suppress duplicate overlapping text"): a glyph is left out when the same
 * character was already shown on the page at less than a third of its width from it, across and down, as producers
 * draw a title twice, a hair apart, to make it look bold. PDFBox keeps, per character, a tree of x positions each
 * holding a tree of y positions, and asks it for a range with boxed floats at every glyph: over a third of a PDF's text
 * extraction in a profile of the pipeline (round 25). The same rule here looks only at the few grid cells the range
 * covers, with the same float arithmetic and the same comparisons ({@link Float#compare}, so -0.0 before 0.0), and
 * fails where PDFBox's trees fail (a range whose low end is above its high end: a glyph of negative width), so that a
 * PDF extracts to the same text, byte for byte, or fails the same way ({@code RepeatedGlyphsTest} holds both rules
 * equal). A page built to defeat the grid (thousands of glyphs of one character in one cell, positions no page has)
 * goes back to PDFBox's trees once the glyphs looked at exceed {@link #WORK_PER_GLYPH} a glyph: never slower than
 * PDFBox by more than that.
 *
 * <p>Plain Java on numbers, cleared per page: not thread-safe, one per stripper.
 */
final class RepeatedGlyphs {

    /** Grid cell, in points: a body glyph's range (two thirds of its width) spans one or two cells each way. */
    private static final float CELL = 8f;
    /** Beyond this many cells, a range is looked at glyph by glyph: a glyph hundreds of points wide, once a page. */
    private static final double MAX_CELLS = 64;
    /** Glyphs looked at per glyph shown, beyond which the page goes on with PDFBox's trees. */
    static final int WORK_PER_GLYPH = 32;
    private static final int WORK_FREE = 4096;

    private float[] xs = new float[256];
    private float[] ys = new float[256];
    private String[] characters = new String[256];
    private int[] next = new int[256];
    /** The first glyph of each bucket of cells, -1 for none; a glyph at a position no page has is in none. */
    private static final int FIRST_HEADS = 512;
    private int[] heads = newHeads(FIRST_HEADS);
    private int count;
    /** Glyphs looked at on this page. */
    private long work;
    /** PDFBox's own structure, once a page has cost too much here; null until then. */
    private Map<String, TreeMap<Float, TreeSet<Float>>> trees;

    /** Forgets the glyphs shown: PDFBox compares a glyph with those of its own page only. */
    void clear() {
        if (count > 0) {
            // a page of many glyphs grew the table: the next page starts small rather than refilling it (review)
            if (heads.length > 8 * FIRST_HEADS) {
                heads = newHeads(FIRST_HEADS);
            } else {
                Arrays.fill(heads, -1);
            }
            Arrays.fill(characters, 0, count, null);
            count = 0;
        }
        work = 0;
        trees = null;
    }

    /** Whether the page went on with PDFBox's trees. */
    boolean onTrees() {
        return trees != null;
    }

    /**
     * Whether this glyph repeats one already shown; when it does not, it is shown from now on.
     *
     * @throws IllegalArgumentException where PDFBox's range over its trees throws it, with the same effect on the PDF
     */
    boolean repeats(String character, float x, float y, float width) {
        if (trees != null) {
            return inTrees(character, x, y, width);
        }
        float tolerance = width / character.length() / 3.0f; // PDFBox's expression, in float
        float low = x - tolerance;
        float high = x + tolerance;
        int order = Float.compare(low, high);
        if (order > 0) {
            throw new IllegalArgumentException("fromKey > toKey");
        }
        boolean repeated;
        if (order == 0) {
            repeated = false; // an empty range: nothing can match (a glyph of no width)
        } else if (Float.isFinite(low) && Float.isFinite(high) && Float.isFinite(y) && Float.isFinite(tolerance)
                && cells(low, high) * cells(y - tolerance, y + tolerance) <= MAX_CELLS) {
            repeated = inCells(character, low, high, y - tolerance, y + tolerance);
        } else {
            repeated = inAll(character, low, high, y - tolerance, y + tolerance);
        }
        if (!repeated) {
            add(character, x, y);
        }
        if (work > (long) WORK_PER_GLYPH * count + WORK_FREE) {
            toTrees();
        }
        return repeated;
    }

    /** PDFBox's rule as PDFTextStripper writes it (3.0.8), on its trees. */
    private boolean inTrees(String character, float x, float y, float width) {
        TreeMap<Float, TreeSet<Float>> same = trees.computeIfAbsent(character, k -> new TreeMap<>());
        float tolerance = width / character.length() / 3.0f;
        for (TreeSet<Float> atX : same.subMap(x - tolerance, x + tolerance).values()) {
            if (!atX.subSet(y - tolerance, y + tolerance).isEmpty()) {
                return true;
            }
        }
        same.computeIfAbsent(x, k -> new TreeSet<>()).add(y);
        return false;
    }

    private void toTrees() {
        trees = new HashMap<>();
        for (int i = 0; i < count; i++) {
            trees.computeIfAbsent(characters[i], k -> new TreeMap<>()).computeIfAbsent(xs[i], k -> new TreeSet<>()).add(ys[i]);
        }
    }

    private boolean inCells(String character, float low, float high, float yLow, float yHigh) {
        long xFrom = cell(low);
        long yFrom = cell(yLow);
        long xCells = cell(high) - xFrom; // counted, not compared: a cell index saturates at Long.MAX_VALUE
        long yCells = cell(yHigh) - yFrom;
        for (long i = 0; i <= xCells; i++) {
            for (long j = 0; j <= yCells; j++) {
                for (int g = heads[bucket(xFrom + i, yFrom + j)]; g >= 0; g = next[g]) {
                    work++;
                    if (matches(g, character, low, high, yLow, yHigh)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Glyph by glyph, with PDFBox's failure when its y range is reversed and some glyph is in the x range. */
    private boolean inAll(String character, float low, float high, float yLow, float yHigh) {
        boolean yReversed = Float.compare(yLow, yHigh) > 0;
        work += count;
        for (int i = 0; i < count; i++) {
            if (characters[i].equals(character) && within(xs[i], low, high)) {
                if (yReversed) {
                    throw new IllegalArgumentException("fromKey > toKey");
                }
                if (within(ys[i], yLow, yHigh)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matches(int i, String character, float low, float high, float yLow, float yHigh) {
        return within(xs[i], low, high) && within(ys[i], yLow, yHigh) && characters[i].equals(character);
    }

    /** A sorted map's half-open range [low, high) in the floats' natural order. */
    private static boolean within(float v, float low, float high) {
        return Float.compare(v, low) >= 0 && Float.compare(v, high) < 0;
    }

    private void add(String character, float x, float y) {
        if (count == xs.length) {
            int size = count * 2;
            xs = Arrays.copyOf(xs, size);
            ys = Arrays.copyOf(ys, size);
            characters = Arrays.copyOf(characters, size);
            next = Arrays.copyOf(next, size);
        }
        xs[count] = x;
        ys[count] = y;
        characters[count] = character;
        next[count] = -1;
        if (Float.isFinite(x) && Float.isFinite(y)) {
            if (count * 2 >= heads.length) {
                rehash(heads.length * 2);
            }
            link(count);
        }
        count++;
    }

    private void link(int i) {
        int b = bucket(cell(xs[i]), cell(ys[i]));
        next[i] = heads[b];
        heads[b] = i;
    }

    private void rehash(int size) {
        heads = newHeads(size);
        for (int i = 0; i < count; i++) {
            if (Float.isFinite(xs[i]) && Float.isFinite(ys[i])) {
                link(i);
            }
        }
    }

    private static int[] newHeads(int size) {
        int[] h = new int[size];
        Arrays.fill(h, -1);
        return h;
    }

    /** A finite coordinate's cell: floor is monotone, so every value of a range lies in the cells of its ends. */
    private static long cell(float v) {
        return (long) Math.floor(v / CELL);
    }

    private static double cells(float low, float high) {
        return Math.floor(high / CELL) - Math.floor(low / CELL) + 1;
    }

    private int bucket(long cx, long cy) {
        long h = cx * 0x9E3779B97F4A7C15L + cy * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32)) & (heads.length - 1);
    }
}
