package fr.dmp.ingest.console;

import fr.dmp.ingest.domain.Ins;
import fr.dmp.ingest.report.AuditTrail;
import fr.dmp.ingest.store.ConsoleUsers;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.List;

/**
 * The Dossier page (issue 18), for the auditor only: what {@code audit --ins} prints, read as the audit role.
 * The INS is posted, never put in a URL (it would reach access logs and browser history); every look-up is
 * recorded with the auditor's name and the dossier ids, not the INS.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class DossierController {

    private final AuditReader audit;
    private final ConsoleUsers users;

    DossierController(AuditReader audit, ConsoleUsers users) {
        this.audit = audit;
        this.users = users;
    }

    record DossierView(String header, List<AuditTrail.Entry> entries) {
    }

    @GetMapping("/dossier")
    String form() {
        return "dossier";
    }

    @PostMapping("/dossier")
    String history(@RequestParam(name = "ins", defaultValue = "") String ins, @RequestParam(name = "full", defaultValue = "false") boolean full,
                   Authentication who, Model model, jakarta.servlet.http.HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null && java.util.Arrays.stream(query.split("&")).anyMatch(p -> p.startsWith("ins=") || p.equals("ins"))) {
            // an INS in a URL lands in proxy and browser histories: only the form's body is read (round 9 attack 16)
            model.addAttribute("error", "the INS is read from the form only, never from the address");
            return "dossier";
        }
        String matricule = ins.strip();
        if (!Ins.isValid(matricule)) {
            model.addAttribute("error", "not a valid INS matricule (" + Ins.problem(matricule).orElse("") + ")");
            return "dossier";
        }
        List<DossierView> views = new ArrayList<>();
        List<AuditTrail.DossierLine> dossiers = audit.trail().dossiers(matricule);
        for (AuditTrail.DossierLine d : dossiers) {
            // the auditor's own page: the INS in full (rules.md R7); the header line is the command's, masked
            views.add(new DossierView(AuditTrail.header(matricule, d), audit.trail().history(d.id(), full)));
        }
        users.event(who.getName(), "DOSSIER_VIEWED", dossiers.isEmpty() ? "none"
                : String.join(",", dossiers.stream().map(d -> Long.toString(d.id())).toList()));
        model.addAttribute("ins", matricule);
        model.addAttribute("masked", Ins.mask(matricule));
        model.addAttribute("full", full);
        model.addAttribute("dossiers", views);
        return "dossier";
    }
}
