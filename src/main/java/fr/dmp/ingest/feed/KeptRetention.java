package fr.dmp.ingest.feed;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;

/**
 * How long a feed keeps its kept files ({@code retention: {archive: P10Y, quarantine: P1Y}} in {@code jobs/<feed>.yml},
 * feeds.md): an archived input as long as the ten years a closed dossier is kept (rules.md R3, R14), a refused one a
 * year, time to ask the sender and requeue. {@code purge} deletes, and audits, the kept files decided before the cut.
 */
public record KeptRetention(Period archive, Period quarantine) {

    public static final KeptRetention DEFAULT = new KeptRetention(Period.ofYears(10), Period.ofYears(1));

    /** Files decided before this instant are past the period on {@code today}: kept the whole period, then deleted. */
    public static Instant cut(Period period, LocalDate today, ZoneId zone) {
        return today.minus(period).atStartOfDay(zone).toInstant();
    }
}
