package fr.dmp.ingest.intake;

import java.util.Locale;

/**
 * How a feed tells that a dropped file is complete (issue 16, "Losses" 6).
 * <ul>
 * <li>{@code quiet-period} (the default): not modified during the feed's quiet period. Senders should
 * write under a temporary name ({@code .part}, {@code .tmp} or a hidden name) and rename when done; a
 * sender that pauses longer than the quiet period is caught by the stamp checks, not by this.</li>
 * <li>{@code marker}: a file is taken only when {@code <name><marker>} exists beside it (e.g. {@code
 * x.hl7.ok}, or its suffix in capitals), written by the sender after the file, and neither the file, its
 * sidecar nor the marker changed during the quiet period (round 14: a marker written first); the marker is
 * removed once the file is claimed. A file whose marker name would be over 255 bytes falls back to the quiet
 * period.</li>
 * </ul>
 *
 * @param marker the marker suffix ({@code .ok}, {@code .done}), or null for the quiet period
 */
public record Completion(String marker) {

    public static final Completion QUIET_PERIOD = new Completion(null);

    public Completion {
        if (marker != null && (marker.length() < 2 || !marker.startsWith(".") || marker.indexOf('/') >= 0
                || DropFolder.isTemporaryName("x" + marker))) {
            throw new IllegalArgumentException("a marker is a suffix such as .ok or .done");
        }
    }

    public static Completion marker(String suffix) {
        return new Completion(suffix);
    }

    public boolean byMarker() {
        return marker != null;
    }

    /** Whether a name is a marker (never a file of its own in marker mode). */
    public boolean isMarker(String name) {
        return marker != null && name.toLowerCase(Locale.ROOT).endsWith(marker.toLowerCase(Locale.ROOT)) && name.length() > marker.length();
    }
}
