package fr.dmp.ingest.console;

import fr.dmp.ingest.feed.Feed;
import fr.dmp.ingest.feed.FeedFiles;
import fr.dmp.ingest.ops.FeedStatus;
import fr.dmp.ingest.ops.RunProgress;
import fr.dmp.ingest.store.OperatorQueries;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Runs page (issue 18): per feed, what {@code status} prints, the last runs, and a running job's progress. */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RunsController {

    private final FeedFiles feeds;
    private final FeedStatus status;
    private final OperatorQueries queries;
    private final RunProgress progress;
    private final Clock clock;

    RunsController(FeedFiles feeds, FeedStatus status, OperatorQueries queries, RunProgress progress, Clock clock) {
        this.feeds = feeds;
        this.status = status;
        this.queries = queries;
        this.progress = progress;
        this.clock = clock;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/runs";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/home")
    String home(Authentication who) {
        return ConsolePages.has(who, ConsoleSecurity.AUDITOR) ? "redirect:/dossier" : "redirect:/runs";
    }

    /** One feed on the page: its status lines, its last runs with their durations. */
    record FeedView(String name, String kind, List<String> statusLines, List<RunView> runs) {
    }

    record RunView(OperatorQueries.Run run, String duration) {
    }

    @GetMapping("/runs")
    String runs(Model model) {
        FeedFiles.Listing listing = feeds.listing();
        List<FeedView> views = new ArrayList<>();
        for (String name : listing.feeds()) {
            Feed feed = feeds.load(name);
            List<String> lines = status.lines(status.of(feed));
            List<RunView> runs = queries.runs(name, 10).stream().map(r -> new RunView(r, duration(r.last()))).toList();
            views.add(new FeedView(name, feed.kind().name().toLowerCase(java.util.Locale.ROOT), lines.subList(1, lines.size()), runs));
        }
        model.addAttribute("feeds", views);
        model.addAttribute("refused", listing.refused());
        return "runs";
    }

    /** The running jobs' progress, polled by the page every 2 s (no reload): counts only. */
    @GetMapping("/runs/progress")
    @ResponseBody
    Map<String, Object> progress() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : feeds.listing().feeds()) {
            progress.of(name).ifPresent(live -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("state", live.state());
                m.put("done", live.done());
                m.put("total", live.total());
                m.put("quarantined", live.quarantined());
                m.put("percent", live.percent());
                m.put("rate", Math.round(live.rate() * 10) / 10.0);
                m.put("secondsLeft", live.secondsLeft());
                m.put("line", live.line(20));
                m.put("updatedAt", live.updatedAt().toString());
                out.put(name, m);
            });
        }
        out.put("_at", clock.instant().toString());
        return out;
    }

    String duration(OperatorQueries.LastRun r) {
        if (r.started() == null) {
            return "";
        }
        Duration d = Duration.between(r.started(), r.ended() == null ? clock.instant() : r.ended());
        long s = d.toSeconds();
        return s < 60 ? d.toMillis() / 100 / 10.0 + " s" : s / 60 + " min " + s % 60 + " s";
    }
}
