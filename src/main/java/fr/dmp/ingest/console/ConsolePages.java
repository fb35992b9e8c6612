package fr.dmp.ingest.console;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.ui.Model;

/** What every page's header needs: who is logged in, and which pages the role opens. */
@ControllerAdvice
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsolePages {

    /** For the templates: {@code ${shown.of(q.fileName)}}, a sender's text as one harmless line (domain/Printable). */
    public static final class Shown {
        public String of(Object value) {
            return fr.dmp.ingest.domain.Printable.of(value);
        }
    }

    private static final Shown SHOWN = new Shown();

    @ModelAttribute
    void who(Authentication who, Model model) {
        model.addAttribute("shown", SHOWN);
        if (who == null) {
            return;
        }
        model.addAttribute("user", who.getName());
        model.addAttribute("operator", has(who, ConsoleSecurity.OPERATOR));
        model.addAttribute("auditor", has(who, ConsoleSecurity.AUDITOR));
    }

    static boolean has(Authentication who, String role) {
        return who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + role));
    }
}
