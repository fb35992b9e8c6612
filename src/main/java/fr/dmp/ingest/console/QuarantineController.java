package fr.dmp.ingest.console;

import fr.dmp.ingest.classify.Catalogue;
import fr.dmp.ingest.classify.DocumentType;
import fr.dmp.ingest.domain.ReasonCode;
import fr.dmp.ingest.feed.FeedConfigException;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.ops.QuarantineDesk;
import fr.dmp.ingest.store.OperatorQueries;
import fr.dmp.ingest.store.OperatorQueries.QuarantinedFile;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Quarantine page (issue 18): the files not yet handled, filtered by feed, reason and date, each with its
 * reason and detail (never its content); a file's page with its items and history, and the three actions
 * of the command line's {@code quarantine} (re-queue, mark handled) plus assigning a type to a TYPE_UNKNOWN.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class QuarantineController {

    /**
     * A candidate in a refusal's detail, {@code code:probability}: LOINC codes and the ANS's own (PRESC-INF, EXPPAT_3),
     * which the LOINC shape alone had left out, so the best candidate of a nursing prescription was never offered
     * (round 23, an operator following docs/console.md).
     */
    private static final Pattern CANDIDATE = Pattern.compile("(?<![A-Za-z0-9_-])([A-Z0-9][A-Z0-9_-]*):([0-9]+\\.[0-9]+)");

    /** A code and its probability as a refusal's detail names them. */
    record Named(String code, String probability) {
    }

    /** The candidates a refusal's detail names, in its order (any code: the catalogue says which are types). */
    static List<Named> named(String detail) {
        List<Named> out = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(detail);
        while (m.find()) {
            out.add(new Named(m.group(1), m.group(2)));
        }
        return out;
    }

    private final OperatorQueries queries;
    private final FeedFiles feeds;
    private final Desk desk;
    private final Catalogue catalogue;

    QuarantineController(OperatorQueries queries, FeedFiles feeds, Desk desk, Catalogue catalogue) {
        this.queries = queries;
        this.feeds = feeds;
        this.desk = desk;
        this.catalogue = catalogue;
    }

    @GetMapping("/quarantine")
    String list(@RequestParam(name = "feed", required = false) String feed, @RequestParam(name = "reason", required = false) String reason,
                @RequestParam(name = "since", required = false) String since, @RequestParam(name = "all", defaultValue = "false") boolean all, Model model) {
        List<String> problems = new ArrayList<>();
        String feedFilter = blank(feed) ? null : feed;
        if (feedFilter != null && !feeds.listing().feeds().contains(feedFilter)) {
            problems.add("unknown feed");
            feedFilter = null;
        }
        String reasonFilter = blank(reason) ? null : reason;
        if (reasonFilter != null && Arrays.stream(ReasonCode.values()).noneMatch(r -> r.name().equals(reason))) {
            problems.add("unknown reason code");
            reasonFilter = null;
        }
        Instant sinceInstant = null;
        if (!blank(since)) {
            try {
                // an instant too, as the command line takes (round 36, an operator: it listed every file)
                if (since.strip().contains("T")) {
                    sinceInstant = Instant.parse(since.strip());
                    if (sinceInstant.isBefore(Instant.parse("1900-01-01T00:00:00Z")) || sinceInstant.isAfter(Instant.parse("9999-12-31T00:00:00Z"))) {
                        throw new DateTimeParseException("out of range", since, 0);
                    }
                } else {
                    LocalDate day = LocalDate.parse(since.strip());
                    if (day.getYear() < 1900 || day.getYear() > 9999) {
                        throw new DateTimeParseException("out of range", since, 0); // the store's timestamps refuse it (round 9: a 500)
                    }
                    sinceInstant = day.atStartOfDay(ZoneId.systemDefault()).toInstant();
                }
            } catch (DateTimeParseException e) {
                problems.add("a date such as 2026-11-30, or an instant such as 2026-11-30T08:00:00Z");
            }
        }
        // a filter that cannot be used lists nothing: listing every file under the operator's filter looked filtered
        // (round 36, an operator with a stale bookmark)
        model.addAttribute("files", problems.isEmpty() ? queries.quarantined(feedFilter, reasonFilter, sinceInstant, !all) : List.of());
        if (!problems.isEmpty()) {
            problems.add("nothing is listed until the filter is corrected");
        }
        model.addAttribute("feeds", feeds.listing().feeds());
        model.addAttribute("reasons", Arrays.stream(ReasonCode.values()).map(Enum::name).toList());
        model.addAttribute("feed", feedFilter);
        model.addAttribute("reason", reasonFilter);
        model.addAttribute("since", blank(since) ? null : since);
        model.addAttribute("all", all);
        model.addAttribute("problems", problems);
        return "quarantine";
    }

    /** A type the operator may choose, with the classifier's probability when it was a candidate. */
    record Choice(String code, String display, String probability) {
    }

    @GetMapping("/quarantine/{token}")
    String file(@PathVariable("token") String token, Model model) {
        List<QuarantinedFile> found = queries.designated(token).stream().filter(q -> q.token().equals(token)).toList();
        if (found.isEmpty()) {
            model.addAttribute("message", "no quarantined file has this claim token");
            return "not-found";
        }
        QuarantinedFile q = found.get(0);
        List<OperatorQueries.Item> items = queries.items(q.token());
        model.addAttribute("file", q);
        model.addAttribute("items", items);
        // round 35: the command line said which items of a quarantined file were stored (round 34), the page did not
        model.addAttribute("stored", queries.storedItems(q.token()));
        model.addAttribute("history", queries.history(q.feed(), q.fileName(), q.sha256()));
        boolean typeUnknown = "TYPE_UNKNOWN".equals(q.reason());
        model.addAttribute("typeUnknown", typeUnknown);
        if (typeUnknown) {
            List<Choice> candidates = candidates(q, items);
            model.addAttribute("candidates", candidates);
            Set<String> shown = new LinkedHashSet<>();
            candidates.forEach(c -> shown.add(c.code()));
            model.addAttribute("otherTypes", catalogue.types().stream().filter(t -> !shown.contains(t.code()))
                    .sorted(Comparator.comparing(DocumentType::display))
                    .map(t -> new Choice(t.code(), t.display(), null)).toList());
        }
        return "quarantine-file";
    }

    /** The top candidates the classifier named in the refusal's detail, best first, known types only. */
    List<Choice> candidates(QuarantinedFile q, List<OperatorQueries.Item> items) {
        List<Choice> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> details = new ArrayList<>();
        details.add(q.detail());
        items.stream().filter(i -> "TYPE_UNKNOWN".equals(i.reason())).forEach(i -> details.add(i.detail()));
        for (String detail : details) {
            if (detail == null) {
                continue;
            }
            for (Named named : named(detail)) {
                if (seen.add(named.code())) {
                    catalogue.type(named.code()).ifPresent(t -> out.add(new Choice(t.code(), t.display(), named.probability())));
                }
            }
        }
        return out;
    }

    @PostMapping("/quarantine/{token}/requeue")
    String requeue(@PathVariable("token") String token, Authentication who, RedirectAttributes flash) {
        return act(token, flash, () -> desk.requeue(who.getName(), token), "re-queued: the next run of its feed takes it again");
    }

    @PostMapping("/quarantine/{token}/handled")
    String handled(@PathVariable("token") String token, @RequestParam(name = "comment", defaultValue = "") String comment, Authentication who,
                   RedirectAttributes flash) {
        if (comment.length() > MAX_COMMENT) {
            // kept for ever in an append-only table and shown on the file's page (round 9: a 1 MB comment was)
            flash.addFlashAttribute("error", "a comment of at most " + MAX_COMMENT + " characters");
            return "redirect:/quarantine/" + token;
        }
        return act(token, flash, () -> desk.handled(who.getName(), token, comment), "marked handled");
    }

    @PostMapping("/quarantine/{token}/type")
    String assignType(@PathVariable("token") String token, @RequestParam(name = "typeCode", required = false) List<String> chosen,
                      Authentication who, RedirectAttributes flash) {
        // a candidate's radio button or the list of the other types: the one filled in; two different ones (a radio
        // ticked, then another type chosen in the list) assigned the radio's silently (round 31, a tester): refused
        List<String> filled = chosen == null ? List.of() : chosen.stream().filter(c -> !c.isBlank()).map(String::strip)
                .distinct().toList();
        if (filled.size() > 1) {
            flash.addFlashAttribute("error", "two types chosen (" + String.join(", ", filled) + "): choose one, either a"
                    + " candidate or another type of the list; nothing assigned");
            return "redirect:/quarantine/" + token;
        }
        String typeCode = filled.isEmpty() ? "" : filled.get(0);
        if (catalogue.type(typeCode).isEmpty()) {
            flash.addFlashAttribute("error", "not a DMP type of the catalogue");
            return "redirect:/quarantine/" + token;
        }
        return act(token, flash, () -> desk.assignType(who.getName(), token, typeCode),
                "type " + typeCode + " assigned and re-queued: the next run of its feed stores it with that type");
    }

    static final int MAX_COMMENT = 2000;

    private String act(String token, RedirectAttributes flash, Runnable action, String done) {
        if (queries.designated(token).stream().noneMatch(q -> q.token().equals(token))) {
            // an action names its file by claim token only, as the page does (round 9: a file name re-queued it)
            flash.addFlashAttribute("error", "no quarantined file has this claim token");
            return "redirect:/quarantine";
        }
        try {
            action.run();
            flash.addFlashAttribute("done", done);
        } catch (QuarantineDesk.Refused | FeedConfigException e) {
            flash.addFlashAttribute("error", e.getMessage()); // names a claim token and a feed, never a patient
        }
        return "redirect:/quarantine/" + token;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
