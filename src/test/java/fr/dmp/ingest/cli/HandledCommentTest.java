package fr.dmp.ingest.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A handled comment is kept a year with the file and shown to every operator: no INS, no date, no control characters. */
class HandledCommentTest {

    @Test
    void aCommentWithAnInsADateOrControlCharactersIsRefusedAndAnOperatorsOwnWordsAreNot() {
        for (String refused : new String[] {"patient 2690599123456 78 rappelé", "269059912345678", "né le 12/03/1961",
                "DDN 1961-03-12", "\u001b[31mrouge", "line\nbreak", "\u202Eevil", "x".repeat(501),
                // round 28, an attacker: dates and numbers written otherwise
                "born 19800515", "born 15 mai 1980", "né le 1er janvier 1961", "15/05/80", "matricule 26905991234567",
                "\u0662\u0667\u0669\u0660\u0663\u0665\u0661\u0662\u0661\u0665\u0661\u0668\u0669\u0668\u0669"}) {
            assertThat(QuarantineCommand.commentProblem(refused)).as(refused).isNotNull();
        }
        // round 26 review: ordinary comments were refused as dates
        for (String kept : new String[] {"asked the lab to resend", "ticket INC20241234", "ticket 20240117", "version 10.2.15",
                "FINESS 750712184", "release 2024.1.3", "3 separate 12-file batches", // a second review (round 28)
                "fixed in 3.1.4 on 06/12", "appelé le labo (poste 4521)"}) {
            assertThat(QuarantineCommand.commentProblem(kept)).as(kept).isNull();
        }
    }
}
